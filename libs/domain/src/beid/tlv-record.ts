import { BeidFormatError, tagLabel } from './beid-format.error';
import { TlvField } from './tlv';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Fields of one TLV file looked up by tag, with typed readers whose errors name the file and tag.
 * Internal helper of the identity and address parsers.
 */
export class TlvRecord {
  private readonly byTag = new Map<number, Buffer>();

  constructor(
    private readonly file: string,
    fields: TlvField[],
  ) {
    for (const { tag, value } of fields) {
      if (this.byTag.has(tag)) {
        throw new BeidFormatError('beid.file.duplicate_tag', `${file}: tag ${tagLabel(tag)} appears twice`, tag);
      }
      this.byTag.set(tag, value);
    }
  }

  has(tag: number): boolean {
    return this.byTag.has(tag);
  }

  /** The raw value, or null when the tag is absent. */
  optionalBytes(tag: number): Buffer | null {
    return this.byTag.get(tag) ?? null;
  }

  bytes(tag: number, what: string): Buffer {
    const value = this.byTag.get(tag);
    if (value === undefined) {
      throw new BeidFormatError('beid.file.missing_tag', `${this.file}: ${what} (tag ${tagLabel(tag)}) is missing`, tag);
    }
    return value;
  }

  /** UTF-8 text in NFC form. */
  text(tag: number, what: string): string {
    return this.decode(tag, what, this.bytes(tag, what));
  }

  /** UTF-8 text, null when the tag is absent or empty. */
  optionalText(tag: number, what: string): string | null {
    const value = this.byTag.get(tag);
    if (value === undefined) return null;
    const text = this.decode(tag, what, value).trim();
    return text === '' ? null : text;
  }

  bad(tag: number, what: string, why: string): BeidFormatError {
    return new BeidFormatError('beid.file.bad_tag', `${this.file}: ${what} (tag ${tagLabel(tag)}) ${why}`, tag);
  }

  /** Re-throws a parse error of a tag's content as a `beid.file.bad_tag` error naming the tag. */
  parse<T>(tag: number, what: string, parser: (text: string) => T): T {
    const text = this.text(tag, what);
    try {
      return parser(text);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw this.bad(tag, what, `is invalid: ${why}`);
    }
  }

  private decode(tag: number, what: string, value: Buffer): string {
    try {
      return utf8.decode(value).normalize('NFC');
    } catch {
      throw this.bad(tag, what, 'is not valid UTF-8');
    }
  }
}
