import { BeidFormatError, tagLabel } from './beid-format.error';

/** One field of a BEID TLV file (identity 4031, address 4033). */
export interface TlvField {
  tag: number;
  value: Buffer;
}

/** Tag 0x00 carries the file version and may only appear first. */
export const TLV_VERSION_TAG = 0x00;

/**
 * Parses a BEID TLV file (REFERENCE §1.4).
 *
 * - The tag is one byte.
 * - The length is one byte below 255; otherwise each `FF` adds 255 and a final byte follows
 *   (`FF 00` = 255, `FF 05` = 260, `FF FF 00` = 510).
 * - Tag 0x00 (file version) is only allowed first; a later 0x00 starts the zero padding, which must
 *   run to the end of the file.
 *
 * Values are copies, so the caller may reuse `data`.
 * @throws BeidFormatError `beid.tlv.truncated` when a length or value runs past the end,
 *   `beid.tlv.version_not_first` when a 0x00 tag after the first field is followed by anything but
 *   zero padding.
 */
export function parseTlv(data: Buffer): TlvField[] {
  const fields: TlvField[] = [];
  let pos = 0;
  while (pos < data.length) {
    const tag = data[pos];
    if (tag === TLV_VERSION_TAG && pos > 0) {
      assertZeroPadding(data, pos);
      break;
    }
    if (tag === TLV_VERSION_TAG && isAllZero(data, pos)) break; // an empty (all-padding) file
    pos += 1;

    let length = 0;
    for (;;) {
      if (pos >= data.length) {
        throw new BeidFormatError('beid.tlv.truncated', `TLV length of tag ${tagLabel(tag)} runs past the end`, tag);
      }
      const byte = data[pos];
      pos += 1;
      length += byte;
      if (byte !== 0xff) break;
    }

    if (pos + length > data.length) {
      throw new BeidFormatError(
        'beid.tlv.truncated',
        `TLV value of tag ${tagLabel(tag)} needs ${length} bytes, ${data.length - pos} left`,
        tag,
      );
    }
    fields.push({ tag, value: Buffer.from(data.subarray(pos, pos + length)) });
    pos += length;
  }
  return fields;
}

/**
 * Encodes fields in the BEID TLV format, the inverse of {@link parseTlv} (no padding added).
 * @throws RangeError for a tag outside 0..255, or tag 0x00 anywhere but first.
 */
export function encodeTlv(fields: TlvField[]): Buffer {
  const parts: Buffer[] = [];
  fields.forEach(({ tag, value }, index) => {
    if (!Number.isInteger(tag) || tag < 0 || tag > 0xff) throw new RangeError(`TLV tag ${tag} is not a byte`);
    if (tag === TLV_VERSION_TAG && index > 0) throw new RangeError('TLV tag 0x00 (file version) may only be first');
    parts.push(Buffer.from([tag]), encodeLength(value.length), value);
  });
  return Buffer.concat(parts);
}

function encodeLength(length: number): Buffer {
  const bytes: number[] = [];
  let rest = length;
  while (rest >= 0xff) {
    bytes.push(0xff);
    rest -= 0xff;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

function isAllZero(data: Buffer, from: number): boolean {
  for (let i = from; i < data.length; i += 1) if (data[i] !== 0) return false;
  return true;
}

function assertZeroPadding(data: Buffer, from: number): void {
  if (isAllZero(data, from)) return;
  throw new BeidFormatError(
    'beid.tlv.version_not_first',
    `tag 0x00 at offset ${from} is neither first nor the start of the zero padding`,
    TLV_VERSION_TAG,
  );
}

/**
 * The file without its trailing 0x00 padding: the form the address signature covers (REFERENCE §1.5).
 */
export function stripTrailingZeros(data: Buffer): Buffer {
  let end = data.length;
  while (end > 0 && data[end - 1] === 0) end -= 1;
  return data.subarray(0, end);
}
