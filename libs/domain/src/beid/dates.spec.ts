import { BeidFormatError } from './beid-format.error';
import { parseBeidBirthDate, parseCardDate } from './dates';

describe('parseBeidBirthDate', () => {
  it.each([
    // French cards
    ['30 JUIL 1985', 1985, 7, 30],
    ['01 FEV 2001', 2001, 2, 1],
    ['15 MARS 1985', 1985, 3, 15],
    ['31 AOUT 1999', 1999, 8, 31],
    ['12 SEPT 1970', 1970, 9, 12],
    ['24 DEC 1960', 1960, 12, 24],
    // Dutch cards
    ['30 JUL 1985', 1985, 7, 30],
    ['15 MAAR 1985', 1985, 3, 15],
    ['02 MEI 1977', 1977, 5, 2],
    ['09 OKT 2010', 2010, 10, 9],
    // German cards, both separators
    ['15 MÄR 1985', 1985, 3, 15],
    ['15.MÄR.1985', 1985, 3, 15],
    ['03.DEZ.1950', 1950, 12, 3],
    ['29.FEB.2000', 2000, 2, 29],
  ])('reads %s', (raw, year, month, day) => {
    const date = parseBeidBirthDate(raw);
    expect(date).toEqual({
      year,
      month,
      day,
      iso: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      raw,
    });
  });

  it('accepts MÄR written with a combining diaeresis', () => {
    expect(parseBeidBirthDate('15 MA\u0308R 1985').month).toBe(3);
  });

  it('reads a blank day as unknown', () => {
    expect(parseBeidBirthDate('   JUL 1985')).toEqual({ year: 1985, month: 7, day: null, iso: null, raw: '   JUL 1985' });
    expect(parseBeidBirthDate('00 JUL 1985').day).toBeNull();
  });

  it('reads a blank month and day as unknown', () => {
    expect(parseBeidBirthDate('         1985')).toEqual({ year: 1985, month: null, day: null, iso: null, raw: '         1985' });
    expect(parseBeidBirthDate('  .   .1985')).toMatchObject({ year: 1985, month: null, day: null });
  });

  it.each(['31 FEV 2001', '30 XYZ 1985', '30 JUL 85', '32 JAN 1985', 'AB JAN 1985', ''])('rejects %j', (raw) => {
    expect(() => parseBeidBirthDate(raw)).toThrow(BeidFormatError);
  });

  it('rejects 29 February outside leap years', () => {
    expect(() => parseBeidBirthDate('29 FEB 1900')).toThrow(BeidFormatError);
  });
});

describe('parseCardDate', () => {
  it('converts DD.MM.YYYY to ISO', () => {
    expect(parseCardDate('01.05.2031')).toBe('2031-05-01');
    expect(parseCardDate('29.02.2024')).toBe('2024-02-29');
  });

  it.each(['31.04.2031', '1.5.2031', '2031-05-01', '01.13.2031', ''])('rejects %j', (raw) => {
    expect(() => parseCardDate(raw)).toThrow(expect.objectContaining({ code: 'beid.date.invalid' }));
  });
});
