import { isExpired, normalizeMrzInput, parseMrz } from './mrz';

/** ICAO 9303 check digit, written independently of the code under test. */
function icao(text: string): string {
  const weights = [7, 3, 1];
  let sum = 0;
  [...text].forEach((char, i) => {
    const value = char === '<' ? 0 : /\d/.test(char) ? Number(char) : char.charCodeAt(0) - 55;
    sum += value * weights[i % 3];
  });
  return String(sum % 10);
}

const fill = (text: string, length: number): string => text.padEnd(length, '<');

/** A Belgian TD1 card with every check digit computed (12-digit card number, long-number rule). */
function belgianTd1(p: { cardNumber: string; birth: string; sex: string; expiry: string; nn: string; name: string }): string[] {
  const optional1 = fill(p.cardNumber.slice(9) + icao(p.cardNumber), 15);
  const line1 = `IDBEL${p.cardNumber.slice(0, 9)}<${optional1}`;
  const head = `${p.birth}${icao(p.birth)}${p.sex}${p.expiry}${icao(p.expiry)}BEL${fill(p.nn, 11)}`;
  const composite = icao(line1.slice(5, 30) + head.slice(0, 7) + head.slice(8, 15) + head.slice(18, 29));
  return [line1, head + composite, fill(p.name, 30)];
}

const SPECIMEN = ['IDBEL591191706<4584<<<<<<<<<<<', '8507309M3105102BEL850730033281', 'SPECIMEN<<JAN<PIETER<<<<<<<<<<'];
const SPECIMEN_DATA = { cardNumber: '591191706458', birth: '850730', sex: 'M', expiry: '310510', nn: '85073003328' };
const NOW = new Date('2026-03-15T10:00:00Z');

describe('parseMrz', () => {
  it('the test builder reproduces the REFERENCE Belgian example', () => {
    expect(
      belgianTd1({ ...SPECIMEN_DATA, name: 'SPECIMEN<<JAN<PIETER' }),
    ).toEqual(SPECIMEN);
  });

  it('reads the Belgian ID card example (REFERENCE §3)', () => {
    expect(parseMrz(SPECIMEN, { now: NOW })).toEqual({
      valid: true,
      format: 'TD1',
      documentCode: 'ID',
      issuingState: 'BEL',
      documentNumber: '591191706458',
      nationality: 'BEL',
      surname: 'SPECIMEN',
      givenNames: 'JAN PIETER',
      birthDate: '1985-07-30',
      expiryDate: '2031-05-10',
      sex: 'M',
      nationalNumber: '85073003328',
      errors: [],
    });
  });

  it('puts a child born in the 2010s in the 2000s and reads her national number', () => {
    const first9 = '150301002';
    const nn = first9 + String(97 - (Number('2' + first9) % 97)).padStart(2, '0');
    const child = { cardNumber: '591201099997', birth: '150301', sex: 'F', expiry: '280301', nn, name: 'PEETERS<<LOTTE' };
    const lines = belgianTd1(child);
    expect(parseMrz(lines.join('\n'), { now: NOW })).toMatchObject({
      valid: true,
      birthDate: '2015-03-01',
      expiryDate: '2028-03-01',
      sex: 'F',
      nationalNumber: nn,
      documentNumber: '591201099997',
    });
  });

  it('gives no national number when optional-2 fails the NISS check', () => {
    const lines = belgianTd1({ ...SPECIMEN_DATA, nn: '85073003329', name: 'SPECIMEN<<JAN' });
    const result = parseMrz(lines, { now: NOW });
    expect(result.valid).toBe(true);
    expect(result.nationalNumber).toBeNull();
  });

  it('reads the ICAO TD3 passport specimen with BEL for UTO', () => {
    const line2 = 'L898902C36BEL7408122F1204159ZE184226B<<<<<10';
    // The check digits of the specimen do not cover the state, so they stay valid; recompute them anyway.
    expect(icao('L898902C3')).toBe(line2[9]);
    expect(icao('740812')).toBe(line2[19]);
    expect(icao('120415')).toBe(line2[27]);
    expect(icao('ZE184226B<<<<<')).toBe(line2[42]);
    expect(icao(line2.slice(0, 10) + line2.slice(13, 20) + line2.slice(21, 43))).toBe(line2[43]);

    const result = parseMrz(['P<BELERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', line2], { now: NOW });
    expect(result).toEqual({
      valid: true,
      format: 'TD3',
      documentCode: 'P',
      issuingState: 'BEL',
      documentNumber: 'L898902C3',
      nationality: 'BEL',
      surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA',
      birthDate: '1974-08-12',
      expiryDate: '2012-04-15',
      sex: 'F',
      nationalNumber: null,
      errors: [],
    });
    expect(isExpired(result.expiryDate!, NOW)).toBe(true);
  });

  it('reports a wrong check digit', () => {
    const lines = [...SPECIMEN];
    lines[1] = '8507308' + lines[1].slice(7);
    const result = parseMrz(lines, { now: NOW });
    expect(result.valid).toBe(false);
    expect(result.errors.map((e) => e.field)).toContain('birthDateCheckDigit');
  });

  it('keeps the ICAO UTO specimen invalid (not an ISO 3166 state)', () => {
    const specimen = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
    const result = parseMrz(specimen, { now: NOW });
    expect(result.valid).toBe(false);
    expect(result.errors.map((e) => e.field)).toEqual(expect.arrayContaining(['issuingState', 'nationality']));
  });

  it('never throws on unsupported input', () => {
    for (const input of ['', 'HELLO', ['ABC', 'DEF'], 'x'.repeat(31)]) {
      const result = parseMrz(input);
      expect(result.valid).toBe(false);
      expect(result.format).toBe('unknown');
      expect(result.errors[0].field).toBe('format');
    }
  });

  it('accepts pasted text: lowercase, spaces, « fillers, one line', () => {
    const messy = SPECIMEN.map((line) => line.toLowerCase().replace(/</g, '«').replace(/(.{10})/g, '$1 ')).join('\r\n');
    expect(parseMrz(messy, { now: NOW }).valid).toBe(true);
    expect(parseMrz(SPECIMEN.join(''), { now: NOW }).valid).toBe(true);
  });
});

describe('normalizeMrzInput', () => {
  it('uppercases, maps filler lookalikes, strips spaces and empty lines', () => {
    expect(normalizeMrzInput(' id bel‹«\n\n  abc < ')).toEqual(['IDBEL<<', 'ABC<']);
  });

  it('splits a whole zone pasted as one line', () => {
    expect(normalizeMrzInput('A'.repeat(90))).toEqual(['A'.repeat(30), 'A'.repeat(30), 'A'.repeat(30)]);
    expect(normalizeMrzInput('B'.repeat(88))).toEqual(['B'.repeat(44), 'B'.repeat(44)]);
    expect(normalizeMrzInput('C'.repeat(72))).toEqual(['C'.repeat(36), 'C'.repeat(36)]);
  });
});

describe('isExpired', () => {
  it('treats the expiry date as the last valid day, in Belgium', () => {
    expect(isExpired('2026-03-15', new Date('2026-03-15T22:59:00Z'))).toBe(false);
    expect(isExpired('2026-03-15', new Date('2026-03-15T23:00:00Z'))).toBe(true); // midnight in Brussels (CET)
    expect(isExpired('2031-05-10', NOW)).toBe(false);
  });

  it('refuses a malformed date', () => {
    expect(() => isExpired('2026-02-30', NOW)).toThrow(RangeError);
  });
});
