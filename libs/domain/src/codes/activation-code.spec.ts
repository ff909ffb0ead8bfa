import {
  ACTIVATION_CODE_ALPHABET,
  formatActivationCode,
  generateActivationCode,
  normalizeActivationCode,
} from './activation-code';

describe('ACTIVATION_CODE_ALPHABET', () => {
  it('has 30 distinct uppercase symbols without 0/O, 1/I/L and U', () => {
    expect(new Set(ACTIVATION_CODE_ALPHABET).size).toBe(ACTIVATION_CODE_ALPHABET.length);
    expect(ACTIVATION_CODE_ALPHABET).toHaveLength(30);
    expect(ACTIVATION_CODE_ALPHABET).toMatch(/^[2-9A-Z]+$/);
    for (const banned of '01OILU') expect(ACTIVATION_CODE_ALPHABET).not.toContain(banned);
  });

  it('gives 20 characters about 98 bits of entropy', () => {
    expect(20 * Math.log2(ACTIVATION_CODE_ALPHABET.length)).toBeCloseTo(98.1, 1);
  });
});

describe('generateActivationCode', () => {
  it('has the form XXXXX-XXXXX-XXXXX-XXXXX over the alphabet', () => {
    const pattern = new RegExp(`^([${ACTIVATION_CODE_ALPHABET}]{5}-){3}[${ACTIVATION_CODE_ALPHABET}]{5}$`);
    for (let i = 0; i < 50; i += 1) expect(generateActivationCode()).toMatch(pattern);
  });

  it('uses every symbol about equally (chi-squared sanity check)', () => {
    const counts = new Map<string, number>();
    const codes = 2000;
    for (let i = 0; i < codes; i += 1) {
      for (const char of generateActivationCode().replace(/-/g, '')) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    expect(counts.size).toBe(ACTIVATION_CODE_ALPHABET.length);
    const expected = (codes * 20) / ACTIVATION_CODE_ALPHABET.length;
    const chiSquared = [...counts.values()].reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
    // 29 degrees of freedom: the 99.99th percentile is about 66.6.
    expect(chiSquared).toBeLessThan(66.6);
  });

  it('does not repeat', () => {
    const codes = new Set(Array.from({ length: 1000 }, generateActivationCode));
    expect(codes.size).toBe(1000);
  });
});

describe('normalizeActivationCode', () => {
  it('uppercases and drops spaces and dashes', () => {
    expect(normalizeActivationCode(' abcde-fghjk mnpqr–stvwx ')).toBe('ABCDEFGHJKMNPQRSTVWX');
    expect(normalizeActivationCode('ABCDE-FGHJK-MNPQR-STVWX')).toBe('ABCDEFGHJKMNPQRSTVWX');
  });

  it.each([
    ['a lookalike that is not in the alphabet (O)', 'OBCDE-FGHJK-MNPQR-STVWX'],
    ['a zero', '0BCDE-FGHJK-MNPQR-STVWX'],
    ['a lowercase l', 'lBCDE-FGHJK-MNPQR-STVWX'],
    ['a U', 'UBCDE-FGHJK-MNPQR-STVWX'],
    ['19 characters', 'BCDE-FGHJK-MNPQR-STVWX'],
    ['21 characters', 'AABCDE-FGHJK-MNPQR-STVWX'],
    ['punctuation', 'ABCDE.FGHJK.MNPQR.STVWX'],
  ])('returns null for %s', (_, input) => {
    expect(normalizeActivationCode(input)).toBeNull();
  });
});

describe('formatActivationCode', () => {
  it('groups by five', () => {
    expect(formatActivationCode('ABCDEFGHJKMNPQRSTVWX')).toBe('ABCDE-FGHJK-MNPQR-STVWX');
  });

  it('round-trips generated codes', () => {
    const code = generateActivationCode();
    expect(formatActivationCode(normalizeActivationCode(code)!)).toBe(code);
  });

  it('refuses what is not a code', () => {
    expect(() => formatActivationCode('ABC')).toThrow(RangeError);
  });
});
