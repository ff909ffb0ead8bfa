import { ACTIVATION_CODE_ALPHABET } from '@sesame/domain';
import { formatSecurityCode, generateSecurityCode, normalizeSecurityCode } from './security-code';

describe('security code', () => {
  it('is XXXX-XXXX over the unambiguous alphabet, and does not repeat', () => {
    const pattern = new RegExp(`^[${ACTIVATION_CODE_ALPHABET}]{4}-[${ACTIVATION_CODE_ALPHABET}]{4}$`);
    const codes = Array.from({ length: 500 }, generateSecurityCode);
    for (const code of codes) expect(code).toMatch(pattern);
    expect(new Set(codes).size).toBe(500);
    expect(new Set(codes.join('').replace(/-/g, '')).size).toBe(ACTIVATION_CODE_ALPHABET.length);
  });

  it('normalises what a person types: case, spaces, dashes', () => {
    expect(normalizeSecurityCode('k7px-3m9q')).toBe('K7PX3M9Q');
    expect(normalizeSecurityCode(' K7PX 3M9Q ')).toBe('K7PX3M9Q');
    expect(normalizeSecurityCode('K7PX–3M9Q')).toBe('K7PX3M9Q');
  });

  it.each([['a lookalike O', 'K7PX-3M9O'], ['a zero', 'K7PX-3M90'], ['too short', 'K7PX-3M9'], ['too long', 'K7PX-3M9QQ'], ['punctuation', 'K7PX.3M9Q']])('refuses %s', (_, input) => {
    expect(normalizeSecurityCode(input)).toBeNull();
  });

  it('formats and round-trips', () => {
    expect(formatSecurityCode('k7px3m9q')).toBe('K7PX-3M9Q');
    const code = generateSecurityCode();
    expect(formatSecurityCode(normalizeSecurityCode(code)!)).toBe(code);
    expect(() => formatSecurityCode('nope')).toThrow(RangeError);
  });
});
