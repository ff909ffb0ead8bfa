import { BeidFormatError } from './beid-format.error';
import { BEID_ATRS, BEID_FILES, BELPIC_AID, matchBeidAtr, parseCardData, trimCertificate } from './card';
import { describeDocumentType } from './document-types';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s/g, ''), 'hex');

describe('BELPIC constants', () => {
  it('has the 15-byte applet AID of the SELECT APDU', () => {
    expect(BELPIC_AID.toString('hex').toUpperCase()).toBe('A00000003029057000AD13100101FF');
    expect(BELPIC_AID.length).toBe(0x0f);
  });

  it('lists the file paths', () => {
    expect(BEID_FILES.identity).toBe('3F00DF014031');
    expect(BEID_FILES.rrnCertificate).toBe('3F00DF00503C');
    expect(BEID_FILES.basicPublicKey).toBe('3F00DF014040');
  });
});

describe('matchBeidAtr', () => {
  it.each(BEID_ATRS.map((entry) => [entry.atr, entry.generation]))('recognises %s as %s', (atr, generation) => {
    expect(matchBeidAtr(hex(atr))?.generation).toBe(generation);
  });

  it('matches other RSA cards through the Windows mask (TA1, TC1 and TCK free)', () => {
    expect(matchBeidAtr(hex('3B 98 11 40 22 A5 03 01 01 01 AD 13 42'))).toEqual({
      generation: '1.7',
      description: expect.stringContaining('masked'),
    });
  });

  it('refuses ATRs that differ outside the mask', () => {
    expect(matchBeidAtr(hex('3B 98 13 40 0A A5 03 01 01 01 AD 14 11'))).toBeNull();
    expect(matchBeidAtr(hex('3B 98 13 40 0A A5 03 01 01 01 AD 13'))).toBeNull();
  });

  it('requires all 20 bytes for 1.8 cards (IDPrime cards share the first 11)', () => {
    expect(matchBeidAtr(hex('3B7F96000080318065B0850300EF120FFF829000'))).toBeNull();
    expect(matchBeidAtr(hex('3B7F96000080318065B085040120120FFF8290'))).toBeNull();
  });
});

describe('parseCardData', () => {
  const serial = '534C494E33660013930D2C9D1A3B4C5D';

  it('reads the chip serial and applet version of a 1.7 card', () => {
    const data = hex(`${serial} A5 03 01 29 01 17 00 01 01 21 01 8A`);
    expect(parseCardData(data)).toMatchObject({
      chipSerial: serial,
      appletVersion: 0x17,
      globalOsVersion: 1,
      appletLifeCycle: 0x8a,
      pinTriesLeft: null,
      needsDelayBeforeResend: true,
    });
  });

  it('reads PIN tries left from the 1.8 long form', () => {
    const data = hex(`${serial} A5 03 01 29 01 18 00 08 01 21 01 8A 03 00 00`);
    expect(parseCardData(data)).toMatchObject({ appletVersion: 0x18, pinTriesLeft: 3, needsDelayBeforeResend: false });
  });

  it('refuses a short response', () => {
    expect(() => parseCardData(Buffer.alloc(27))).toThrow(expect.objectContaining({ code: 'beid.card_data.truncated' }));
  });
});

describe('trimCertificate', () => {
  const der = Buffer.concat([hex('30 82 01 00'), Buffer.alloc(256, 0x11)]);

  it('cuts the zero padding after the DER length', () => {
    expect(trimCertificate(Buffer.concat([der, Buffer.alloc(1100)]))).toEqual(der);
    expect(trimCertificate(der)).toEqual(der);
  });

  it('says a never-issued (all-zero) certificate is absent', () => {
    expect(() => trimCertificate(Buffer.alloc(1300))).toThrow(expect.objectContaining({ code: 'beid.certificate.absent' }));
    expect(() => trimCertificate(Buffer.alloc(0))).toThrow(BeidFormatError);
  });

  it('refuses a file that is not DER or is cut short', () => {
    expect(() => trimCertificate(hex('31 82 01 00 00'))).toThrow(expect.objectContaining({ code: 'beid.certificate.format' }));
    expect(() => trimCertificate(der.subarray(0, 200))).toThrow(expect.objectContaining({ code: 'beid.certificate.truncated' }));
  });
});

describe('describeDocumentType', () => {
  it.each([
    [1, 'belgian_eid', null],
    [6, 'kids_id', null],
    [7, 'bootstrap', null],
    [8, 'habilitation', null],
    [11, 'foreigner', 'A'],
    [16, 'foreigner', 'E+'],
    [19, 'foreigner', 'H'],
    [23, 'foreigner', 'N'],
    [32, 'foreigner', 'EU+'],
    [36, 'foreigner', 'F+'],
    [61, 'foreigner_kids', 'EU'],
    [69, 'foreigner_kids', 'M'],
    [2, 'unknown', null],
    [99, 'unknown', null],
  ])('decodes %i', (code, kind, card) => {
    expect(describeDocumentType(code)).toEqual({ code, kind, card });
  });
});
