import { BeidFormatError } from './beid-format.error';
import { encodeTlv, parseTlv, stripTrailingZeros } from './tlv';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s/g, ''), 'hex');

function expectFormatError(run: () => unknown, code: string): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(BeidFormatError);
  expect((caught as BeidFormatError).code).toBe(code);
}

describe('parseTlv', () => {
  it('reads one-byte tags and short lengths', () => {
    const fields = parseTlv(hex('00 02 0001  01 03 414243  07 00'));
    expect(fields.map((f) => [f.tag, f.value.toString('hex')])).toEqual([
      [0x00, '0001'],
      [0x01, '414243'],
      [0x07, ''],
    ]);
  });

  it.each([
    [254, '0F FE'],
    [255, '0F FF 00'],
    [260, '0F FF 05'],
    [509, '0F FF FE'],
    [510, '0F FF FF 00'],
  ])('decodes a %i-byte value with FF continuation (%s)', (length, header) => {
    const value = Buffer.alloc(length, 0x41);
    const [field] = parseTlv(Buffer.concat([hex(header), value, hex('10 01 30')]).subarray(0));
    expect(field.tag).toBe(0x0f);
    expect(field.value.length).toBe(length);
  });

  it('keeps reading after a long field', () => {
    const fields = parseTlv(Buffer.concat([hex('0B FF 05'), Buffer.alloc(260, 0x61), hex('0C 01 39')]));
    expect(fields.map((f) => f.tag)).toEqual([0x0b, 0x0c]);
    expect(fields[1].value.toString()).toBe('9');
  });

  it('stops at the trailing zero padding', () => {
    const fields = parseTlv(hex('01 01 41 02 01 42 00 00 00 00 00 00'));
    expect(fields.map((f) => f.tag)).toEqual([1, 2]);
  });

  it('reads an all-zero file as no fields', () => {
    expect(parseTlv(Buffer.alloc(117))).toEqual([]);
    expect(parseTlv(Buffer.alloc(0))).toEqual([]);
  });

  it('rejects tag 0 after the first field when data follows', () => {
    expectFormatError(() => parseTlv(hex('01 01 41 00 02 0001 02 01 42')), 'beid.tlv.version_not_first');
    expectFormatError(() => parseTlv(hex('01 01 41 00 00 00 07')), 'beid.tlv.version_not_first');
  });

  it('rejects a value that runs past the end', () => {
    expectFormatError(() => parseTlv(hex('01 05 4142')), 'beid.tlv.truncated');
    expectFormatError(() => parseTlv(Buffer.concat([hex('01 FF 05'), Buffer.alloc(259, 1)])), 'beid.tlv.truncated');
  });

  it('rejects a length that runs past the end', () => {
    expectFormatError(() => parseTlv(hex('01')), 'beid.tlv.truncated');
    expectFormatError(() => parseTlv(hex('01 FF')), 'beid.tlv.truncated');
  });

  it('names the tag in the error', () => {
    try {
      parseTlv(hex('0C 09 3330'));
      throw new Error('no error');
    } catch (error) {
      expect((error as BeidFormatError).tag).toBe(0x0c);
    }
  });

  it('returns copies of the values', () => {
    const data = hex('01 01 41');
    const [field] = parseTlv(data);
    data[2] = 0x5a;
    expect(field.value.toString()).toBe('A');
  });
});

describe('encodeTlv', () => {
  it.each([0, 1, 254, 255, 256, 260, 509, 510, 1000])('round-trips a %i-byte value', (length) => {
    const fields = [
      { tag: 0x00, value: hex('0002') },
      { tag: 0x0b, value: Buffer.alloc(length, 0x61) },
      { tag: 0x1f, value: Buffer.from('x') },
    ];
    expect(parseTlv(encodeTlv(fields))).toEqual(fields);
  });

  it('writes the length bytes of the reference (FF 05 = 260, FF 00 = 255)', () => {
    expect(encodeTlv([{ tag: 1, value: Buffer.alloc(260) }]).subarray(0, 3)).toEqual(hex('01 FF 05'));
    expect(encodeTlv([{ tag: 1, value: Buffer.alloc(255) }]).subarray(0, 3)).toEqual(hex('01 FF 00'));
    expect(encodeTlv([{ tag: 1, value: Buffer.alloc(510) }]).subarray(0, 4)).toEqual(hex('01 FF FF 00'));
  });

  it('refuses tag 0 anywhere but first and tags that are not bytes', () => {
    expect(() => encodeTlv([{ tag: 1, value: Buffer.alloc(1) }, { tag: 0, value: Buffer.alloc(2) }])).toThrow(RangeError);
    expect(() => encodeTlv([{ tag: 256, value: Buffer.alloc(1) }])).toThrow(RangeError);
  });
});

describe('stripTrailingZeros', () => {
  it('cuts only the trailing zeros', () => {
    expect(stripTrailingZeros(hex('01 02 00 41 00 00'))).toEqual(hex('01 02 00 41'));
    expect(stripTrailingZeros(hex('00 00'))).toEqual(Buffer.alloc(0));
  });
});
