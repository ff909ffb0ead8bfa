/**
 * BELPIC TLV encoding (identity and address files), written from the card specification:
 * a 1-byte tag, then the length: one byte below 255, otherwise each `FF` adds 255 and a final
 * byte below 255 follows (`FF 05` = 260, `FF 00` = 255, `FF FF 02` = 512).
 */

export interface TlvField {
  tag: number;
  value: Buffer;
}

export function encodeTlvLength(length: number): Buffer {
  if (!Number.isInteger(length) || length < 0) throw new RangeError(`Invalid TLV length ${length}`);
  const bytes: number[] = [];
  let rest = length;
  while (rest >= 0xff) {
    bytes.push(0xff);
    rest -= 0xff;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

export function encodeTlv(fields: readonly TlvField[]): Buffer {
  const parts: Buffer[] = [];
  for (const { tag, value } of fields) {
    if (!Number.isInteger(tag) || tag < 0 || tag > 0xff) throw new RangeError(`Invalid TLV tag ${tag}`);
    parts.push(Buffer.of(tag), encodeTlvLength(value.length), value);
  }
  return Buffer.concat(parts);
}

/** Where each field's value sits in an encoded file (for the defects that damage one field). */
export interface TlvLayoutEntry {
  tag: number;
  valueOffset: number;
  length: number;
}

export function tlvLayout(fields: readonly TlvField[]): TlvLayoutEntry[] {
  const layout: TlvLayoutEntry[] = [];
  let offset = 0;
  for (const { tag, value } of fields) {
    const header = 1 + encodeTlvLength(value.length).length;
    layout.push({ tag, valueOffset: offset + header, length: value.length });
    offset += header + value.length;
  }
  return layout;
}
