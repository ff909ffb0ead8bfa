import { formatCardNumber, isValidCardNumber, normalizeCardNumber } from './card-number';

describe('isValidCardNumber', () => {
  it.each(['591191706458', '591201099997'])('accepts %s', (number) => {
    expect(isValidCardNumber(number)).toBe(true);
  });

  it('writes a remainder of 0 as 97', () => {
    // 5912010999 mod 97 = 0
    expect(5912010999 % 97).toBe(0);
    expect(isValidCardNumber('591201099900')).toBe(false);
  });

  it.each(['591191706459', '591191706485', '59119170645', '5911917064580', '591-1917064-58', 'B91191706458'])(
    'refuses %s',
    (number) => {
      expect(isValidCardNumber(number)).toBe(false);
    },
  );
});

describe('formatCardNumber', () => {
  it('groups 3-7-2', () => {
    expect(formatCardNumber('591191706458')).toBe('591-1917064-58');
    expect(formatCardNumber('591 2010999 97')).toBe('591-2010999-97');
  });

  it('refuses anything but 12 digits', () => {
    expect(() => formatCardNumber('59119170645')).toThrow(RangeError);
  });

  it('normalizes separators', () => {
    expect(normalizeCardNumber('591-1917064.58 ')).toBe('591191706458');
  });
});
