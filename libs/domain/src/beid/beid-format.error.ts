/** Machine-readable reasons a BEID file or card response could not be understood. */
export type BeidFormatErrorCode =
  | 'beid.tlv.truncated'
  | 'beid.tlv.version_not_first'
  | 'beid.file.missing_tag'
  | 'beid.file.duplicate_tag'
  | 'beid.file.bad_tag'
  | 'beid.date.invalid'
  | 'beid.birth_date.invalid'
  | 'beid.card_data.truncated'
  | 'beid.certificate.absent'
  | 'beid.certificate.format'
  | 'beid.certificate.truncated'
  | 'beid.certificate.unsupported_key';

/**
 * Thrown when card data does not follow the BEID file formats (REFERENCE §1).
 *
 * `code` is stable and meant for programs; `tag` names the TLV tag at fault when there is one.
 */
export class BeidFormatError extends Error {
  override readonly name = 'BeidFormatError';

  constructor(
    readonly code: BeidFormatErrorCode,
    message: string,
    readonly tag: number | null = null,
  ) {
    super(message);
  }
}

/** `0x0c` style label for messages. */
export function tagLabel(tag: number): string {
  return `0x${tag.toString(16).padStart(2, '0').toUpperCase()}`;
}
