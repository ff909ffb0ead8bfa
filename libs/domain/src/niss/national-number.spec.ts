import {
  formatNationalNumber,
  isValidNationalNumber,
  makeBisNumber,
  nextBisCounter,
  normalizeNationalNumber,
  parseNationalNumber,
} from './national-number';

describe('normalizeNationalNumber', () => {
  it('strips dots, dashes and spaces', () => {
    expect(normalizeNationalNumber('85.07.30-033.28')).toBe('85073003328');
    expect(normalizeNationalNumber(' 85 07 30 033 28 ')).toBe('85073003328');
  });

  it.each(['8507300332', '850730033289', '85.07.30-033.2A', ''])('returns null for %j', (input) => {
    expect(normalizeNationalNumber(input)).toBeNull();
  });
});

describe('parseNationalNumber (REFERENCE §2 worked examples)', () => {
  it('85.07.30-033.28: 1985-07-30, male', () => {
    expect(parseNationalNumber('85.07.30-033.28')).toEqual({
      number: '85073003328',
      kind: 'niss',
      birthDate: { year: 1985, month: 7, day: 30 },
      sex: 'M',
      sexKnown: true,
    });
  });

  it('17.07.30-033.84: 2017 (1900 fails, 2 prefix matches), male', () => {
    expect(parseNationalNumber('17.07.30-033.84')).toMatchObject({ birthDate: { year: 2017, month: 7, day: 30 }, sex: 'M' });
  });

  it('90.02.20-084.56: 1990, female (084 even)', () => {
    expect(parseNationalNumber('90.02.20-084.56')).toMatchObject({
      kind: 'niss',
      birthDate: { year: 1990, month: 2, day: 20 },
      sex: 'F',
    });
  });

  it('BIS 98.47.28-997.65: July 1998, sex known, male', () => {
    expect(parseNationalNumber('98.47.28-997.65')).toEqual({
      number: '98472899765',
      kind: 'bis',
      birthDate: { year: 1998, month: 7, day: 28 },
      sex: 'M',
      sexKnown: true,
    });
  });

  it('BIS 01.49.07-001.85: September 2001, male', () => {
    expect(parseNationalNumber('01.49.07-001.85')).toMatchObject({
      kind: 'bis',
      birthDate: { year: 2001, month: 9, day: 7 },
      sex: 'M',
    });
  });

  it('BIS with month + 20: sex unknown', () => {
    const number = makeBisNumber({ birthDate: { year: 1975, month: 3, day: 4 }, sex: null, counter: 12 });
    expect(number.slice(0, 6)).toBe('752304');
    expect(parseNationalNumber(number)).toMatchObject({
      kind: 'bis',
      birthDate: { year: 1975, month: 3, day: 4 },
      sex: null,
      sexKnown: false,
    });
  });

  it.each(['85.07.30-033.29', '17.07.30-033.83', '98.47.28-997.66'])('refuses wrong check digits %s', (input) => {
    expect(parseNationalNumber(input)).toBeNull();
    expect(isValidNationalNumber(input)).toBe(false);
  });

  it('handles partial dates: day unknown, month unknown, all unknown', () => {
    const withCheck = (first9: string, prefix = ''): string =>
      first9 + String(97 - (Number(prefix + first9) % 97)).padStart(2, '0');
    expect(parseNationalNumber(withCheck('850700033'))?.birthDate).toEqual({ year: 1985, month: 7, day: null });
    expect(parseNationalNumber(withCheck('850000033'))?.birthDate).toEqual({ year: 1985, month: null, day: null });
    expect(parseNationalNumber(withCheck('850015033'))?.birthDate).toEqual({ year: 1985, month: null, day: null });
    expect(parseNationalNumber(withCheck('000001033'))?.birthDate).toEqual({ year: null, month: null, day: null });
    expect(parseNationalNumber(withCheck('000001033', '2'))?.birthDate).toEqual({ year: null, month: null, day: null });
  });

  it('refuses impossible months and dates even with good check digits', () => {
    const withCheck = (first9: string): string => first9 + String(97 - (Number(first9) % 97)).padStart(2, '0');
    expect(parseNationalNumber(withCheck('851330033'))).toBeNull(); // month 13
    expect(parseNationalNumber(withCheck('853330033'))).toBeNull(); // month 33
    expect(parseNationalNumber(withCheck('855330033'))).toBeNull(); // month 53
    expect(parseNationalNumber(withCheck('850231033'))).toBeNull(); // 31 February
    expect(parseNationalNumber(withCheck('852231033'))).toBeNull(); // BIS 31 February
  });
});

describe('formatNationalNumber', () => {
  it('formats YY.MM.DD-SSS.CC', () => {
    expect(formatNationalNumber('85073003328')).toBe('85.07.30-033.28');
    expect(formatNationalNumber('98 47 28 997 65')).toBe('98.47.28-997.65');
  });

  it('refuses anything but 11 digits', () => {
    expect(() => formatNationalNumber('8507300332')).toThrow(RangeError);
  });
});

describe('makeBisNumber', () => {
  it('rebuilds the REFERENCE BIS examples', () => {
    expect(makeBisNumber({ birthDate: { year: 1998, month: 7, day: 28 }, sex: 'M', counter: 997 })).toBe('98472899765');
    expect(makeBisNumber({ birthDate: { year: 2001, month: 9, day: 7 }, sex: 'M', counter: 1 })).toBe('01490700185');
  });

  it('makes numbers that parse back, across centuries and partial dates', () => {
    const cases = [
      { birthDate: { year: 1999, month: 12, day: 31 }, sex: 'F' as const, counter: 998 },
      { birthDate: { year: 2000, month: 1, day: 1 }, sex: 'M' as const, counter: 1 },
      { birthDate: { year: 2024, month: 2, day: 29 }, sex: null, counter: 500 },
      { birthDate: { year: 1960, month: 5, day: null }, sex: 'F' as const, counter: 2 },
      { birthDate: { year: 1960, month: null, day: null }, sex: 'M' as const, counter: 3 },
    ];
    for (const input of cases) {
      const info = parseNationalNumber(makeBisNumber(input));
      expect(info).toMatchObject({ kind: 'bis', birthDate: input.birthDate, sex: input.sex, sexKnown: input.sex !== null });
    }
  });

  it('uses the 2 prefix for births from 2000', () => {
    const number = makeBisNumber({ birthDate: { year: 2005, month: 6, day: 15 }, sex: 'F', counter: 4 });
    expect(Number(number.slice(9))).toBe(97 - (Number('2' + number.slice(0, 9)) % 97));
    expect(Number(number.slice(9))).not.toBe(97 - (Number(number.slice(0, 9)) % 97));
  });

  it('refuses a counter whose parity contradicts the sex', () => {
    expect(() => makeBisNumber({ birthDate: { year: 1990, month: 1, day: 1 }, sex: 'M', counter: 2 })).toThrow(RangeError);
    expect(() => makeBisNumber({ birthDate: { year: 1990, month: 1, day: 1 }, sex: 'F', counter: 3 })).toThrow(RangeError);
  });

  it.each([
    [{ year: 1990, month: 2, day: 30 }, 1],
    [{ year: 1990, month: 13, day: 1 }, 1],
    [{ year: 1990, month: null, day: 5 }, 1],
    [{ year: 1899, month: 1, day: 1 }, 1],
    [{ year: 1990, month: 1, day: 1 }, 0],
    [{ year: 1990, month: 1, day: 1 }, 999],
  ])('refuses %j with counter %i', (birthDate, counter) => {
    expect(() => makeBisNumber({ birthDate, sex: null, counter })).toThrow(RangeError);
  });
});

describe('nextBisCounter', () => {
  it('starts at 1 for men, 2 for women, 1 for unknown', () => {
    expect(nextBisCounter('M', null)).toBe(1);
    expect(nextBisCounter('F', null)).toBe(2);
    expect(nextBisCounter(null, null)).toBe(1);
  });

  it('steps to the next counter of the right parity', () => {
    expect(nextBisCounter('M', 1)).toBe(3);
    expect(nextBisCounter('M', 4)).toBe(5);
    expect(nextBisCounter('F', 2)).toBe(4);
    expect(nextBisCounter('F', 5)).toBe(6);
    expect(nextBisCounter(null, 7)).toBe(8);
  });

  it('throws when the range is exhausted', () => {
    expect(nextBisCounter('M', 995)).toBe(997);
    expect(() => nextBisCounter('M', 997)).toThrow(RangeError);
    expect(nextBisCounter('F', 996)).toBe(998);
    expect(() => nextBisCounter('F', 998)).toThrow(RangeError);
    expect(() => nextBisCounter(null, 998)).toThrow(RangeError);
  });
});

describe('BIS generation: every parity × century × sex case of REFERENCE §2', () => {
  const sexes = [
    { sex: 'M' as const, counter: 33, offset: 40 },
    { sex: 'F' as const, counter: 84, offset: 40 },
    { sex: null, counter: 33, offset: 20 },
    { sex: null, counter: 84, offset: 20 },
  ];
  const dates = [
    { year: 1985, month: 7, day: 30, prefix: '' },
    { year: 1900, month: 1, day: 1, prefix: '' },
    { year: 1999, month: 12, day: 31, prefix: '' },
    { year: 2000, month: 1, day: 1, prefix: '2' },
    { year: 2017, month: 7, day: 30, prefix: '2' },
    { year: 2099, month: 12, day: 31, prefix: '2' },
  ];
  for (const { sex, counter, offset } of sexes) {
    for (const { prefix, ...birthDate } of dates) {
      it(`${birthDate.year}-${birthDate.month}-${birthDate.day}, sex ${sex ?? 'unknown'}, counter ${counter}: month + ${offset}, check on ${prefix || 'no '}prefix`, () => {
        const number = makeBisNumber({ birthDate, sex, counter });
        expect(Number(number.slice(2, 4))).toBe(birthDate.month + offset);
        expect(number.slice(6, 9)).toBe(String(counter).padStart(3, '0'));
        expect(Number(number.slice(9))).toBe(97 - (Number(prefix + number.slice(0, 9)) % 97));
        const info = parseNationalNumber(number);
        expect(info).toMatchObject({ kind: 'bis', birthDate, sex, sexKnown: sex !== null });
      });
    }
  }

  it('reads the sex from the counter parity of NISS numbers in both centuries', () => {
    // 2000s woman: 2 prefix, even counter.
    const first9 = '170730084';
    const niss = first9 + String(97 - (Number('2' + first9) % 97)).padStart(2, '0');
    expect(parseNationalNumber(niss)).toMatchObject({ kind: 'niss', sex: 'F', birthDate: { year: 2017, month: 7, day: 30 } });
    expect(parseNationalNumber('85073003328')).toMatchObject({ sex: 'M', birthDate: { year: 1985 } });
  });

  it('does not read a sex from the counter when the month is + 20', () => {
    const number = makeBisNumber({ birthDate: { year: 1990, month: 2, day: 20 }, sex: null, counter: 84 });
    expect(parseNationalNumber(number)).toMatchObject({ sex: null, sexKnown: false });
  });
});
