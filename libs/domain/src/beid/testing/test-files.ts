/**
 * Test support (not exported from the library): hand-built BEID TLV files.
 */
import { encodeTlv, TlvField } from '../tlv';

/** Identity-file fields as strings (or raw bytes), keyed by tag; `undefined` drops the tag. */
export type IdentityFields = Record<number, string | Buffer | undefined>;

/** A genuine-looking identity file content; `photoHash` and `basicKeyHash` are filled in by the builder. */
export function defaultIdentityFields(): IdentityFields {
  return {
    0x00: Buffer.from([0x00, 0x03]),
    0x01: '591191706458',
    0x02: Buffer.from('534C494E33660013930D2C9D1A3B4C5D', 'hex'),
    0x03: '01.05.2021',
    0x04: '01.05.2031',
    0x05: 'Bruxelles',
    0x06: '85073003328',
    0x07: 'Specimen',
    0x08: 'Jan Pieter',
    0x09: 'M',
    0x0a: 'Belg',
    0x0b: 'Gent',
    0x0c: '30 JUL 1985',
    0x0d: 'M',
    0x0f: '1',
    0x10: '0',
  };
}

/** Encodes fields in tag order with zero padding to `size` bytes. */
export function buildTlvFile(fields: IdentityFields, size = 0): Buffer {
  const list: TlvField[] = Object.entries(fields)
    .filter((entry): entry is [string, string | Buffer] => entry[1] !== undefined)
    .map(([tag, value]) => ({ tag: Number(tag), value: typeof value === 'string' ? Buffer.from(value, 'utf8') : value }))
    .sort((a, b) => a.tag - b.tag);
  const body = encodeTlv(list);
  return size > body.length ? Buffer.concat([body, Buffer.alloc(size - body.length)]) : body;
}
