import { BeidFormatError } from './beid-format.error';
import { parseAddressFile } from './address-file';
import { parseIdentityFile } from './identity-file';
import { buildTlvFile, defaultIdentityFields, IdentityFields } from './testing/test-files';

const PHOTO_HASH = Buffer.alloc(20, 0xab);

function identityFile(overrides: IdentityFields = {}, size = 1024): Buffer {
  return buildTlvFile({ ...defaultIdentityFields(), 0x11: PHOTO_HASH, ...overrides }, size);
}

function formatError(run: () => unknown): BeidFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof BeidFormatError) return error;
    throw error;
  }
  throw new Error('expected a BeidFormatError');
}

describe('parseIdentityFile', () => {
  it('decodes a Belgian eID identity file', () => {
    const identity = parseIdentityFile(identityFile());
    expect(identity).toEqual({
      fileVersion: 3,
      cardNumber: '591191706458',
      chipNumber: '534C494E33660013930D2C9D1A3B4C5D',
      validityBegin: '2021-05-01',
      validityEnd: '2031-05-01',
      deliveryMunicipality: 'Bruxelles',
      nationalNumber: '85073003328',
      surname: 'Specimen',
      firstNames: 'Jan Pieter',
      thirdNameInitial: 'M',
      nationality: 'Belg',
      birthPlace: 'Gent',
      birthDate: { year: 1985, month: 7, day: 30, iso: '1985-07-30', raw: '30 JUL 1985' },
      sex: 'M',
      nobleCondition: null,
      documentType: { code: 1, kind: 'belgian_eid', card: null },
      specialStatus: { code: 0, whiteCane: false, yellowCane: false, extendedMinority: false },
      photoHash: PHOTO_HASH,
      duplicate: null,
      specialOrganisation: null,
      memberOfFamily: false,
      dateAndCountryOfProtection: null,
      workPermit: null,
      employerVat1: null,
      employerVat2: null,
      regionalFileNumber: null,
      basicKeyHash: null,
      brexitMention1: null,
      brexitMention2: null,
      cardAMention1: null,
      cardAMention2: null,
      euStartDate: null,
    });
  });

  it('keeps accents, three given names and a noble condition', () => {
    const identity = parseIdentityFile(
      identityFile({
        0x05: 'Liège',
        0x07: 'de Crœÿ-Müller',
        0x08: 'Anne-Sophie Élodie',
        0x09: 'Ö',
        0x0b: 'Sint-Genesius-Rode',
        0x0c: '01 FEV 1990',
        0x0d: 'F',
        0x0e: 'Comtesse',
        0x06: '90020108424',
      }),
    );
    expect(identity).toMatchObject({
      deliveryMunicipality: 'Liège',
      surname: 'de Crœÿ-Müller',
      firstNames: 'Anne-Sophie Élodie',
      thirdNameInitial: 'Ö',
      nobleCondition: 'Comtesse',
      sex: 'F',
      birthDate: { year: 1990, month: 2, day: 1, iso: '1990-02-01' },
    });
  });

  it.each(['V', 'W', 'F'])('reads sex %s as a woman', (sex) => {
    expect(parseIdentityFile(identityFile({ 0x0d: sex })).sex).toBe('F');
  });

  it('decodes a Kids-ID (document type 6, written "06")', () => {
    const identity = parseIdentityFile(identityFile({ 0x0f: '06' }));
    expect(identity.documentType).toEqual({ code: 6, kind: 'kids_id', card: null });
  });

  it('decodes the foreigner card fields', () => {
    const basicKeyHash = Buffer.alloc(48, 7);
    const identity = parseIdentityFile(
      identityFile({
        0x0a: 'Nederlander',
        0x0c: '15.MÄR.1985',
        0x0f: '32',
        0x10: '3',
        0x12: '01',
        0x13: '2',
        0x14: '',
        0x15: '12.03.2019-NL',
        0x16: '7',
        0x17: '0123.456.789',
        0x18: '0987.654.321',
        0x19: 'RF1234567890123456',
        0x1a: basicKeyHash,
        0x1b: 'B',
        0x1c: 'C',
        0x1d: 'D',
        0x1e: 'K',
        0x1f: '10.05.2021',
      }),
    );
    expect(identity).toMatchObject({
      nationality: 'Nederlander',
      birthDate: { year: 1985, month: 3, day: 15, iso: '1985-03-15', raw: '15.MÄR.1985' },
      documentType: { code: 32, kind: 'foreigner', card: 'EU+' },
      specialStatus: { code: 3, whiteCane: true, yellowCane: false, extendedMinority: true },
      duplicate: '01',
      specialOrganisation: '2',
      memberOfFamily: true,
      dateAndCountryOfProtection: '12.03.2019-NL',
      workPermit: '7',
      employerVat1: '0123.456.789',
      employerVat2: '0987.654.321',
      regionalFileNumber: 'RF1234567890123456',
      basicKeyHash,
      brexitMention1: 'B',
      brexitMention2: 'C',
      cardAMention1: 'D',
      cardAMention2: 'K',
      euStartDate: '2021-05-10',
    });
  });

  it.each([
    ['0', { whiteCane: false, yellowCane: false, extendedMinority: false }],
    ['1', { whiteCane: true, yellowCane: false, extendedMinority: false }],
    ['2', { whiteCane: false, yellowCane: false, extendedMinority: true }],
    ['4', { whiteCane: false, yellowCane: true, extendedMinority: false }],
    ['5', { whiteCane: false, yellowCane: true, extendedMinority: true }],
  ])('decodes special status %s', (code, flags) => {
    expect(parseIdentityFile(identityFile({ 0x10: code })).specialStatus).toEqual({ code: Number(code), ...flags });
  });

  it('accepts a file without padding and without the optional tags', () => {
    const identity = parseIdentityFile(identityFile({ 0x00: undefined, 0x09: undefined, 0x10: undefined }, 0));
    expect(identity).toMatchObject({ fileVersion: null, thirdNameInitial: null, specialStatus: { code: 0 } });
  });

  it.each([
    [0x01, 'card number'],
    [0x06, 'national number'],
    [0x0c, 'birth date'],
    [0x11, 'photo hash'],
  ])('names missing tag 0x%s', (tag, what) => {
    const error = formatError(() => parseIdentityFile(identityFile({ [tag]: undefined })));
    expect(error).toMatchObject({ code: 'beid.file.missing_tag', tag });
    expect(error.message).toContain(what);
  });

  it.each([
    [0x03, '31.02.2021'],
    [0x06, '8507300332'],
    [0x0c, '30 FOO 1985'],
    [0x0d, 'X'],
    [0x0f, 'A'],
    [0x10, '9'],
    [0x11, Buffer.alloc(16)],
    [0x1a, Buffer.alloc(32)],
    [0x07, Buffer.from([0xc3, 0x28])],
  ])('names bad tag 0x%s', (tag, value) => {
    const error = formatError(() => parseIdentityFile(identityFile({ [tag]: value })));
    expect(error).toMatchObject({ code: 'beid.file.bad_tag', tag });
  });

  it('refuses a duplicated tag', () => {
    const file = Buffer.concat([identityFile({}, 0), Buffer.from([0x07, 0x01, 0x41])]);
    expect(formatError(() => parseIdentityFile(file))).toMatchObject({ code: 'beid.file.duplicate_tag', tag: 0x07 });
  });

  it('passes TLV faults through', () => {
    const file = identityFile({}, 0);
    expect(formatError(() => parseIdentityFile(file.subarray(0, file.length - 3))).code).toBe('beid.tlv.truncated');
  });
});

describe('parseAddressFile', () => {
  it('decodes a zero-padded address file', () => {
    const address = { streetAndNumber: 'Chaussée de Wavre 1250 bte 3', postalCode: '1160', municipality: 'Auderghem' };
    const file = buildTlvFile(
      { 0x00: Buffer.from([0, 1]), 0x01: address.streetAndNumber, 0x02: address.postalCode, 0x03: address.municipality },
      117,
    );
    expect(file.length).toBe(117);
    expect(parseAddressFile(file)).toEqual(address);
  });

  it('names a missing tag', () => {
    const file = buildTlvFile({ 0x01: 'Kerkstraat 1', 0x03: 'Gent' }, 117);
    expect(formatError(() => parseAddressFile(file))).toMatchObject({ code: 'beid.file.missing_tag', tag: 0x02 });
  });

  it('refuses a postal code that is not a code', () => {
    const file = buildTlvFile({ 0x01: 'Kerkstraat 1', 0x02: '90 00', 0x03: 'Gent' }, 117);
    expect(formatError(() => parseAddressFile(file))).toMatchObject({ code: 'beid.file.bad_tag', tag: 0x02 });
  });
});
