import { encodeTlv, encodeTlvLength, tlvLayout } from './tlv';

describe('BELPIC TLV encoding', () => {
  it.each([
    [0, '00'],
    [1, '01'],
    [127, '7F'],
    [128, '80'],
    [254, 'FE'],
    [255, 'FF00'],
    [260, 'FF05'],
    [509, 'FFFE'],
    [510, 'FFFF00'],
    [1000, 'FFFFFFEB'],
  ])('encodes length %i as %s (each FF adds 255)', (length, expected) => {
    expect(encodeTlvLength(length).toString('hex').toUpperCase()).toBe(expected);
  });

  it('concatenates tag, length and value, and reports where values start', () => {
    const fields = [
      { tag: 0x00, value: Buffer.from([0x00, 0x03]) },
      { tag: 0x07, value: Buffer.alloc(300, 0x41) },
      { tag: 0x09, value: Buffer.alloc(0) },
    ];
    const encoded = encodeTlv(fields);
    expect(encoded.subarray(0, 4)).toEqual(Buffer.from([0x00, 0x02, 0x00, 0x03]));
    expect(encoded.subarray(4, 7)).toEqual(Buffer.from([0x07, 0xff, 0x2d]));
    expect(encoded.subarray(-2)).toEqual(Buffer.from([0x09, 0x00]));
    expect(encoded).toHaveLength(4 + 3 + 300 + 2);
    expect(tlvLayout(fields)).toEqual([
      { tag: 0x00, valueOffset: 2, length: 2 },
      { tag: 0x07, valueOffset: 7, length: 300 },
      { tag: 0x09, valueOffset: 309, length: 0 },
    ]);
  });

  it('refuses tags that do not fit a byte', () => {
    expect(() => encodeTlv([{ tag: 0x100, value: Buffer.alloc(1) }])).toThrow(RangeError);
  });
});
