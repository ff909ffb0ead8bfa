import { formatEnterpriseNumber, isValidEnterpriseNumber, normalizeEnterpriseNumber } from './enterprise-number';

describe('enterprise numbers (BCE/KBO)', () => {
  it('accepts numbers whose last two digits are 97 − (first eight mod 97)', () => {
    // 0123.456.749: 1234567 mod 97 = 48, 97 − 48 = 49.
    expect(isValidEnterpriseNumber('0123.456.749')).toBe(true);
    expect(isValidEnterpriseNumber('BE 0123 456 749')).toBe(true);
    // The FPS Social Security's own number.
    expect(isValidEnterpriseNumber('0367.302.178')).toBe(true);
  });

  it('refuses a wrong check, a wrong first digit and junk', () => {
    expect(isValidEnterpriseNumber('0123.456.748')).toBe(false);
    expect(isValidEnterpriseNumber('2123.456.749')).toBe(false);
    expect(isValidEnterpriseNumber('abc')).toBe(false);
    expect(isValidEnterpriseNumber('')).toBe(false);
  });

  it('normalises old nine-digit numbers and formats with dots', () => {
    expect(normalizeEnterpriseNumber('123.456.749')).toBe('0123456749');
    expect(formatEnterpriseNumber('0123456749')).toBe('0123.456.749');
  });
});
