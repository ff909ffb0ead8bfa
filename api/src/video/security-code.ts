import { ACTIVATION_CODE_ALPHABET } from '@sesame/domain';
import { randomInt } from 'node:crypto';

/** Characters of a booking's security code (shown `XXXX-XXXX`): 8 × log2(30) ≈ 39 bits, guessed only within the attempt limit. */
export const SECURITY_CODE_LENGTH = 8;

/**
 * A new security code `XXXX-XXXX` over the activation codes' unambiguous alphabet, each character
 * from `crypto.randomInt` (a CSPRNG without modulo bias).
 */
export function generateSecurityCode(): string {
  let canonical = '';
  for (let i = 0; i < SECURITY_CODE_LENGTH; i += 1) canonical += ACTIVATION_CODE_ALPHABET[randomInt(ACTIVATION_CODE_ALPHABET.length)];
  return formatSecurityCode(canonical);
}

/** The canonical 8 characters of a typed code (uppercased, spaces and dashes dropped), or null. No lookalike is guessed. */
export function normalizeSecurityCode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s\-‐‑‒–—]/g, '');
  if (compact.length !== SECURITY_CODE_LENGTH) return null;
  for (const char of compact) if (!ACTIVATION_CODE_ALPHABET.includes(char)) return null;
  return compact;
}

/** `XXXX-XXXX`. @throws RangeError when the input is not a security code. */
export function formatSecurityCode(input: string): string {
  const code = normalizeSecurityCode(input);
  if (code === null) throw new RangeError('not a security code');
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}
