import { randomInt } from 'node:crypto';

/**
 * Alphabet of activation codes: uppercase letters and digits without the lookalikes 0/O, 1/I/L and
 * without U (V/U confusion, and no accidental words). 30 symbols, so a 20-character code carries
 * 20 × log2(30) ≈ 98.1 bits of entropy.
 */
export const ACTIVATION_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Characters in a canonical code. */
export const ACTIVATION_CODE_LENGTH = 20;
/** Characters per displayed group. */
export const ACTIVATION_CODE_GROUP = 5;

/**
 * A new activation code `XXXXX-XXXXX-XXXXX-XXXXX`. Each character comes from `crypto.randomInt`
 * (a CSPRNG with rejection sampling, so no modulo bias).
 */
export function generateActivationCode(): string {
  let canonical = '';
  for (let i = 0; i < ACTIVATION_CODE_LENGTH; i += 1) {
    canonical += ACTIVATION_CODE_ALPHABET[randomInt(ACTIVATION_CODE_ALPHABET.length)];
  }
  return formatActivationCode(canonical);
}

/**
 * The canonical 20-character form of a typed code, or null. Uppercases and drops spaces and dashes.
 * No lookalike is mapped: `O` could be `0` or `O`, neither of which is in the alphabet, so any
 * character outside the alphabet makes the code invalid rather than guessed.
 */
export function normalizeActivationCode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s\-‐‑‒–—]/g, '');
  if (compact.length !== ACTIVATION_CODE_LENGTH) return null;
  for (const char of compact) if (!ACTIVATION_CODE_ALPHABET.includes(char)) return null;
  return compact;
}

/**
 * Displays a code in groups of five: `XXXXX-XXXXX-XXXXX-XXXXX`. Accepts any input
 * {@link normalizeActivationCode} accepts.
 * @throws RangeError when the input is not an activation code.
 */
export function formatActivationCode(canonical: string): string {
  const code = normalizeActivationCode(canonical);
  if (code === null) throw new RangeError('not an activation code');
  const groups: string[] = [];
  for (let i = 0; i < code.length; i += ACTIVATION_CODE_GROUP) groups.push(code.slice(i, i + ACTIVATION_CODE_GROUP));
  return groups.join('-');
}
