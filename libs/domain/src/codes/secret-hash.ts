import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

const SHA256_HEX = /^[0-9a-f]{64}$/i;

/**
 * HMAC-SHA256(key, purpose ‖ NUL ‖ value) as lowercase hex. The purpose separates domains: the same
 * value hashed for 'activation-code' and for 'login-code' gives unrelated hashes, so a hash stored
 * for one use can never be replayed for another.
 * @throws RangeError for an empty key, or a purpose that is empty or contains NUL.
 */
export function keyedHash(key: string | Buffer, purpose: string, value: string): string {
  if (key.length === 0) throw new RangeError('keyedHash needs a non-empty key');
  if (purpose.length === 0 || purpose.includes('\0')) throw new RangeError('keyedHash purpose must be non-empty, without NUL');
  return createHmac('sha256', key).update(purpose, 'utf8').update('\0').update(value, 'utf8').digest('hex');
}

/**
 * Whether `value` hashes to `storedHex` under key and purpose, in constant time. A stored value that
 * is not 64 hex characters is simply false.
 */
export function keyedHashMatches(key: string | Buffer, purpose: string, value: string, storedHex: string): boolean {
  if (!SHA256_HEX.test(storedHex)) return false;
  const expected = Buffer.from(keyedHash(key, purpose, value), 'hex');
  const stored = Buffer.from(storedHex, 'hex');
  return expected.length === stored.length && timingSafeEqual(expected, stored);
}

/**
 * A random numeric code of `digits` digits (leading zeros kept), each digit from the CSPRNG.
 * @throws RangeError unless 1 ≤ digits ≤ 64.
 */
export function randomNumericCode(digits: number): string {
  if (!Number.isInteger(digits) || digits < 1 || digits > 64) throw new RangeError('digits must be 1..64');
  let code = '';
  for (let i = 0; i < digits; i += 1) code += String(randomInt(10));
  return code;
}

/**
 * A random URL-safe token: `bytes` random bytes (default 32 = 256 bits) in base64url without padding.
 * @throws RangeError unless 1 ≤ bytes ≤ 1024.
 */
export function randomToken(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > 1024) throw new RangeError('bytes must be 1..1024');
  return randomBytes(bytes).toString('base64url');
}
