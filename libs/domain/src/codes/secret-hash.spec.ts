import { createHmac } from 'node:crypto';
import { keyedHash, keyedHashMatches, randomNumericCode, randomToken } from './secret-hash';

const KEY = 'k'.repeat(32);

describe('keyedHash', () => {
  it('is HMAC-SHA256 over purpose, NUL, value', () => {
    const expected = createHmac('sha256', KEY).update('activation-code\0ABCDE').digest('hex');
    expect(keyedHash(KEY, 'activation-code', 'ABCDE')).toBe(expected);
    expect(keyedHash(Buffer.from(KEY), 'activation-code', 'ABCDE')).toBe(expected);
  });

  it('separates purposes and keys', () => {
    const base = keyedHash(KEY, 'activation-code', '123456');
    expect(keyedHash(KEY, 'login-code', '123456')).not.toBe(base);
    expect(keyedHash('other-key', 'activation-code', '123456')).not.toBe(base);
    // The NUL separator keeps (purpose, value) pairs apart.
    expect(keyedHash(KEY, 'ab', 'c')).not.toBe(keyedHash(KEY, 'a', 'bc'));
  });

  it('refuses an empty key and an ambiguous purpose', () => {
    expect(() => keyedHash('', 'p', 'v')).toThrow(RangeError);
    expect(() => keyedHash(KEY, '', 'v')).toThrow(RangeError);
    expect(() => keyedHash(KEY, 'a\0b', 'v')).toThrow(RangeError);
  });
});

describe('keyedHashMatches', () => {
  const stored = keyedHash(KEY, 'login-code', '042917');

  it('matches the same value, purpose and key, in either hex case', () => {
    expect(keyedHashMatches(KEY, 'login-code', '042917', stored)).toBe(true);
    expect(keyedHashMatches(KEY, 'login-code', '042917', stored.toUpperCase())).toBe(true);
  });

  it('does not match another value, purpose or key', () => {
    expect(keyedHashMatches(KEY, 'login-code', '042918', stored)).toBe(false);
    expect(keyedHashMatches(KEY, 'activation-code', '042917', stored)).toBe(false);
    expect(keyedHashMatches('x'.repeat(32), 'login-code', '042917', stored)).toBe(false);
  });

  it('returns false, without throwing, for stored values of the wrong shape', () => {
    expect(keyedHashMatches(KEY, 'login-code', '042917', stored.slice(0, 62))).toBe(false);
    expect(keyedHashMatches(KEY, 'login-code', '042917', `${stored}00`)).toBe(false);
    expect(keyedHashMatches(KEY, 'login-code', '042917', '')).toBe(false);
    expect(keyedHashMatches(KEY, 'login-code', '042917', 'z'.repeat(64))).toBe(false);
  });
});

describe('randomNumericCode', () => {
  it('has exactly the requested digits, leading zeros kept', () => {
    for (const digits of [1, 6, 8, 20]) expect(randomNumericCode(digits)).toMatch(new RegExp(`^\\d{${digits}}$`));
    const codes = Array.from({ length: 300 }, () => randomNumericCode(2));
    expect(codes.some((code) => code.startsWith('0'))).toBe(true);
  });

  it('spreads over all digits', () => {
    const seen = new Set(Array.from({ length: 50 }, () => randomNumericCode(10)).join(''));
    expect(seen.size).toBe(10);
  });

  it('refuses silly lengths', () => {
    expect(() => randomNumericCode(0)).toThrow(RangeError);
    expect(() => randomNumericCode(2.5)).toThrow(RangeError);
  });
});

describe('randomToken', () => {
  it('is base64url of 32 bytes by default', () => {
    const token = randomToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('takes a byte count and never repeats', () => {
    expect(Buffer.from(randomToken(16), 'base64url')).toHaveLength(16);
    expect(randomToken()).not.toBe(randomToken());
    expect(() => randomToken(0)).toThrow(RangeError);
  });
});
