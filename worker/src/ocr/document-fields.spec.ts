import { parseMrz, parseNationalNumber } from '@sesame/domain';
import {
  birthDateWithCentury,
  countryCode,
  documentTypeOf,
  expiryInWindow,
  FIELD_CONFIDENCE,
  fieldsFromMrz,
  fieldsFromText,
} from './document-fields';
import type { MrzFormat } from './mrz-lines';
import { checkDigitsOf, type MrzReading } from './mrz-reader';
import { BELGIAN_ID_CARD, DUTCH_PASSPORT, td1Lines, td3Lines, type MrzHolder } from './testing/id-card-image';

const NOW = new Date('2026-03-15T10:00:00Z');

/** What readMrz returns for these lines read with `confidence`: the domain's parse and check digits. */
function reading(lines: string[], confidence = 95): MrzReading {
  const format = (lines.length === 3 ? 'TD1' : lines[0].length === 36 ? 'TD2' : 'TD3') as MrzFormat;
  const parsed = parseMrz(lines, { now: NOW });
  return { found: true, lines, format, parsed, checkDigits: checkDigitsOf(format, parsed), confidence, corrections: [], region: 'bottom_band', rotation: 0 };
}

/** A national number for nine leading digits, born in the 1900s or from 2000. */
function nationalNumber(first9: string, century: 1900 | 2000 = 1900): string {
  const base = Number((century === 2000 ? '2' : '') + first9);
  return first9 + String(97 - (base % 97)).padStart(2, '0');
}

/** The lines with one character replaced. */
function forged(lines: string[], line: number, column: number, char: string): string[] {
  return lines.map((text, row) => (row === line ? text.slice(0, column) + char + text.slice(column + 1) : text));
}

const BELGIAN_PASSPORT: MrzHolder = {
  documentCode: 'P',
  issuingState: 'BEL',
  documentNumber: 'EM1234567',
  nationality: 'BEL',
  surname: 'JANSSENS',
  givenNames: ['PIETER'],
  birthDate: '850730',
  sex: 'M',
  expiryDate: '310510',
  optional: '85073003328',
};

describe(fieldsFromMrz.name, () => {
  it('fills every field of a Belgian eID (TD1), the national number from optional data 2', () => {
    const fields = fieldsFromMrz(reading(td1Lines(BELGIAN_ID_CARD)), { now: NOW });
    expect(fields).toEqual({
      documentType: { value: 'identity_card', confidence: 90, source: 'mrz' },
      documentNumber: { value: BELGIAN_ID_CARD.documentNumber, confidence: 99, source: 'mrz' },
      issuingCountry: { value: 'BEL', confidence: 90, source: 'mrz' },
      nationality: { value: 'BEL', confidence: 90, source: 'mrz' },
      surname: { value: 'PEETERS', confidence: FIELD_CONFIDENCE.name, source: 'mrz' },
      givenNames: { value: 'LOTTE MARIE', confidence: FIELD_CONFIDENCE.name, source: 'mrz' },
      sex: { value: 'F', confidence: 90, source: 'mrz' },
      validUntil: { value: '2032-01-18', confidence: 99, source: 'mrz' },
      birthDate: { value: '1990-04-12', confidence: 99, source: 'mrz' },
      nationalNumber: { value: BELGIAN_ID_CARD.optional, confidence: 99, source: 'mrz' },
    });
  });

  it('reads a passport (TD3) without national number when it is not Belgian', () => {
    const fields = fieldsFromMrz(reading(td3Lines(DUTCH_PASSPORT)), { now: NOW });
    expect(fields).toMatchObject({
      documentType: { value: 'passport', source: 'mrz' },
      documentNumber: { value: 'NXC4R8P51', confidence: 99 },
      issuingCountry: { value: 'NLD' },
      nationality: { value: 'NLD' },
      surname: { value: 'DE BRUIJN' },
      givenNames: { value: 'WILLEKE LISELOTTE' },
      birthDate: { value: '1985-03-10', confidence: 99 },
      validUntil: { value: '2029-09-14', confidence: 99 },
      sex: { value: 'F' },
    });
    // The Dutch personal number is not a Belgian national number.
    expect(fields.nationalNumber).toBeUndefined();
  });

  it('takes a Belgian passport’s national number from its personal number, only with valid check digits', () => {
    const fields = fieldsFromMrz(reading(td3Lines(BELGIAN_PASSPORT)), { now: NOW });
    expect(fields.nationalNumber).toEqual({ value: '85073003328', confidence: 99, source: 'mrz' });
    expect(parseNationalNumber(fields.nationalNumber!.value)).not.toBeNull();

    // A personal number whose ICAO check digit holds but whose mod-97 digits do not: no national number.
    const wrong = fieldsFromMrz(reading(td3Lines({ ...BELGIAN_PASSPORT, optional: '85073003329' })), { now: NOW });
    expect(wrong.nationalNumber).toBeUndefined();
    expect(wrong.documentNumber).toMatchObject({ value: 'EM1234567', confidence: 99 });
  });

  it('flags a field whose check digit fails with a low confidence, and lowers the rest of the zone', () => {
    const lines = td1Lines(BELGIAN_ID_CARD);
    const wrongBirthCheck = String((Number(lines[1][6]) + 1) % 10);
    const read = reading(forged(lines, 1, 6, wrongBirthCheck), 95);
    expect(read.checkDigits).toEqual({ documentNumber: true, birthDate: false, expiryDate: true, composite: false });
    const fields = fieldsFromMrz(read, { now: NOW });
    // The value is still shown (the operator compares it with the document), with the failure.
    expect(fields.birthDate).toEqual({ value: '1990-04-12', confidence: FIELD_CONFIDENCE.checkFailed, source: 'mrz' });
    // Own check digit right, composite wrong.
    expect(fields.validUntil?.confidence).toBe(FIELD_CONFIDENCE.ownCheckOnly);
    // A Belgian card number also holds its mod-97 check: still confirmed.
    expect(fields.documentNumber?.confidence).toBe(FIELD_CONFIDENCE.confirmed);
    // No check digit covers them, and the zone is not valid.
    expect(fields.surname?.confidence).toBe(60);
    expect(fields.sex?.confidence).toBe(60);
    expect(fields.nationalNumber?.confidence).toBe(FIELD_CONFIDENCE.ownCheckOnly);
  });

  it('flags a wrong document-number check digit on a passport', () => {
    const lines = td3Lines(DUTCH_PASSPORT);
    const read = reading(forged(lines, 1, 9, String((Number(lines[1][9]) + 1) % 10)), 88);
    expect(read.checkDigits).toMatchObject({ documentNumber: false, composite: false, birthDate: true, expiryDate: true });
    const fields = fieldsFromMrz(read, { now: NOW });
    expect(fields.documentNumber).toEqual({ value: 'NXC4R8P51', confidence: FIELD_CONFIDENCE.checkFailed, source: 'mrz' });
    expect(fields.birthDate?.confidence).toBe(FIELD_CONFIDENCE.ownCheckOnly);
  });

  it('never claims more than OCR does for the fields no check digit covers', () => {
    const fields = fieldsFromMrz(reading(td1Lines(BELGIAN_ID_CARD), 47.6), { now: NOW });
    expect(fields.surname?.confidence).toBe(48);
    expect(fields.issuingCountry?.confidence).toBe(48);
    expect(fields.birthDate?.confidence).toBe(99);
  });

  it('gives a national number that contradicts the MRZ (other birth date) a low confidence', () => {
    const other = nationalNumber('900413124');
    const fields = fieldsFromMrz(reading(td1Lines({ ...BELGIAN_ID_CARD, optional: other })), { now: NOW });
    expect(fields.nationalNumber).toEqual({ value: other, confidence: FIELD_CONFIDENCE.inconsistent, source: 'mrz' });
    // An odd counter is a man's; the card says F.
    const male = nationalNumber('900412123');
    expect(fieldsFromMrz(reading(td1Lines({ ...BELGIAN_ID_CARD, optional: male })), { now: NOW }).nationalNumber?.confidence).toBe(FIELD_CONFIDENCE.inconsistent);
  });

  it('reads a foreigner’s card issued by Belgium as a residence permit, with a BIS number', () => {
    const bis = nationalNumber('904412124'); // month + 40: a BIS number, sex known (even: F)
    const card: MrzHolder = { ...BELGIAN_ID_CARD, documentCode: 'IR', nationality: 'FRA', optional: bis };
    const fields = fieldsFromMrz(reading(td1Lines(card)), { now: NOW });
    expect(fields.documentType).toEqual({ value: 'residence_permit', confidence: FIELD_CONFIDENCE.inferredType, source: 'mrz' });
    expect(fields.nationality?.value).toBe('FRA');
    expect(fields.nationalNumber).toEqual({ value: bis, confidence: 99, source: 'mrz' });
  });

  it('writes Germany’s one-letter code as DEU', () => {
    const german: MrzHolder = { ...DUTCH_PASSPORT, documentCode: 'ID', issuingState: 'D<<', nationality: 'D', documentNumber: 'T22000129', optional: undefined };
    const fields = fieldsFromMrz(reading(td1Lines(german)), { now: NOW });
    expect(fields).toMatchObject({ documentType: { value: 'identity_card' }, issuingCountry: { value: 'DEU' }, nationality: { value: 'DEU' } });
  });

  it('gives nothing when no MRZ was found, and leaves out what the MRZ does not say', () => {
    expect(
      fieldsFromMrz({ found: false, lines: [], format: null, parsed: null, checkDigits: null, confidence: 0, corrections: [], region: null, rotation: 0 }, { now: NOW }),
    ).toEqual({});
    // Sex `<` (unspecified) and an invalid state code: no value rather than a guess.
    const lines = td1Lines({ ...BELGIAN_ID_CARD, sex: '<' });
    const unknownState = forged(lines, 0, 2, 'X');
    const fields = fieldsFromMrz(reading(unknownState), { now: NOW });
    expect(fields.sex).toBeUndefined();
    expect(fields.issuingCountry).toBeUndefined();
    expect(fields.surname?.value).toBe('PEETERS');
  });
});

describe('century resolution', () => {
  it('puts expiry dates within 50 years of today', () => {
    expect(expiryInWindow('2031-05-10', NOW)).toBe('2031-05-10');
    expect(expiryInWindow('2076-12-31', NOW)).toBe('2076-12-31');
    expect(expiryInWindow('2077-01-01', NOW)).toBe('1977-01-01');
    expect(expiryInWindow('2099-06-30', NOW)).toBe('1999-06-30');
    // Through the whole chain: an MRZ expiry 990630 is an expired document of 1999.
    const old = fieldsFromMrz(reading(td3Lines({ ...DUTCH_PASSPORT, expiryDate: '990630' })), { now: NOW });
    expect(old.validUntil?.value).toBe('1999-06-30');
  });

  it('puts birth dates in the past: 20YY unless that is after today', () => {
    const born = (yymmdd: string) => fieldsFromMrz(reading(td3Lines({ ...DUTCH_PASSPORT, birthDate: yymmdd })), { now: NOW }).birthDate?.value;
    expect(born('150301')).toBe('2015-03-01');
    expect(born('260315')).toBe('2026-03-15');
    expect(born('260316')).toBe('1926-03-16');
    expect(born('850310')).toBe('1985-03-10');
  });

  it('takes the century of a Belgian national number, which its check digits settle', () => {
    // Born 1 May 1920: the MRZ alone says 2020 (not in the future); the national number says 1900s.
    const centenarian = nationalNumber('200501123', 1900);
    const card: MrzHolder = { ...BELGIAN_ID_CARD, birthDate: '200501', sex: 'M', optional: centenarian };
    expect(parseMrz(td1Lines(card), { now: NOW }).birthDate).toBe('2020-05-01');
    expect(fieldsFromMrz(reading(td1Lines(card)), { now: NOW }).birthDate?.value).toBe('1920-05-01');
    // Born 2015: the 2000s check digits confirm the MRZ's reading.
    const child = nationalNumber('150301124', 2000);
    expect(fieldsFromMrz(reading(td1Lines({ ...card, birthDate: '150301', sex: 'F', optional: child })), { now: NOW }).birthDate?.value).toBe('2015-03-01');
  });

  it('ignores a national number whose date is not the MRZ date, or unknown', () => {
    expect(birthDateWithCentury('2020-05-01', parseNationalNumber(nationalNumber('200502123')))).toBe('2020-05-01');
    expect(birthDateWithCentury('2020-05-01', parseNationalNumber(nationalNumber('200500123')))).toBe('2020-05-01');
    expect(birthDateWithCentury('2020-05-01', null)).toBe('2020-05-01');
  });
});

describe(documentTypeOf.name, () => {
  it.each([
    ['P', null, null, 'passport', false],
    ['PD', 'BEL', 'BEL', 'passport', false],
    ['ID', 'BEL', 'BEL', 'identity_card', false],
    ['I', 'FRA', 'FRA', 'identity_card', false],
    ['C', 'FRA', null, 'identity_card', false],
    ['IR', 'BEL', 'MAR', 'residence_permit', true],
    ['AR', 'D', 'TUR', 'residence_permit', true],
    ['ID', 'BEL', 'NLD', 'residence_permit', true],
    ['ID', 'D', 'DEU', 'identity_card', false],
    ['V', 'BEL', 'USA', 'other', false],
  ])('%s issued by %s to %s → %s', (code, issuer, nationality, type, inferred) => {
    expect(documentTypeOf(code, issuer, nationality)).toEqual({ type, inferred });
  });

  it('knows no other codes', () => {
    expect(documentTypeOf('X')).toBeNull();
    expect(documentTypeOf('<')).toBeNull();
  });

  it('maps only D to DEU', () => {
    expect([countryCode('D'), countryCode('D<<'), countryCode('BEL'), countryCode(null)]).toEqual(['DEU', 'DEU', 'BEL', null]);
  });
});

describe(fieldsFromText.name, () => {
  const nn = BELGIAN_ID_CARD.optional!;
  const printed = `${nn.slice(0, 2)}.${nn.slice(2, 4)}.${nn.slice(4, 6)}-${nn.slice(6, 9)}.${nn.slice(9)}`;
  const card = BELGIAN_ID_CARD.documentNumber;
  const printedCard = `${card.slice(0, 3)}-${card.slice(3, 10)}-${card.slice(10)}`;

  it('reads a printed national number and card number whose check digits hold', () => {
    const fields = fieldsFromText([
      { text: 'BELGIË BELGIQUE BELGIEN', confidence: 91 },
      { text: `Rijksregisternr. / N° national ${printed}`, confidence: 92 },
      { text: `Kaartnummer / N° de carte ${printedCard}`, confidence: 76 },
    ]);
    expect(fields).toEqual({
      nationalNumber: { value: nn, confidence: FIELD_CONFIDENCE.text, source: 'text' },
      documentNumber: { value: card, confidence: 76, source: 'text' },
    });
  });

  it('accepts the separators OCR confuses, refuses wrong check digits', () => {
    expect(fieldsFromText([{ text: printed.replace(/\./g, ',').replace(' ', ''), confidence: 80 }]).nationalNumber?.value).toBe(nn);
    expect(fieldsFromText([{ text: printed.replace('-', ' – '), confidence: 80 }]).nationalNumber?.value).toBe(nn);
    const wrong = printed.slice(0, -1) + String((Number(printed.slice(-1)) + 1) % 10);
    expect(fieldsFromText([{ text: wrong, confidence: 99 }, { text: `${card.slice(0, 3)}-${card.slice(3, 10)}-00`, confidence: 99 }])).toEqual({});
  });

  it('takes nothing from bare digit runs, dates or amounts', () => {
    expect(fieldsFromText([{ text: `${nn} 12.04.1990 1.234,56 ${card}`, confidence: 95 }])).toEqual({});
  });

  it('takes none of two different valid numbers', () => {
    const other = nationalNumber('850730033');
    const printedOther = `${other.slice(0, 2)}.${other.slice(2, 4)}.${other.slice(4, 6)}-${other.slice(6, 9)}.${other.slice(9)}`;
    expect(fieldsFromText([{ text: printed, confidence: 90 }, { text: printedOther, confidence: 90 }]).nationalNumber).toBeUndefined();
    // The same number twice is one number.
    expect(fieldsFromText([{ text: printed, confidence: 60 }, { text: printed, confidence: 70 }]).nationalNumber?.confidence).toBe(70);
  });
});
