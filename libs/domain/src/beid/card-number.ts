/**
 * BEID card numbers (tag 0x01): 12 digits shown `xxx-xxxxxxx-yy`, where `yy` is the first ten digits
 * mod 97 and a remainder of 0 is written 97 (REFERENCE §2, python-stdnum `be/eid`).
 */

/** Removes the separators people type or print (`-`, `.`, spaces). */
export function normalizeCardNumber(input: string): string {
  return input.replace(/[\s.-]/g, '');
}

/** Whether `cardNumber` is exactly 12 digits with valid check digits (no separators accepted). */
export function isValidCardNumber(cardNumber: string): boolean {
  if (!/^\d{12}$/.test(cardNumber)) return false;
  const remainder = Number(cardNumber.slice(0, 10)) % 97;
  return Number(cardNumber.slice(10)) === (remainder === 0 ? 97 : remainder);
}

/**
 * Formats a card number for display: `591191706458` → `591-1917064-58`. Accepts an already
 * formatted number.
 * @throws RangeError when the input is not 12 digits once separators are removed.
 */
export function formatCardNumber(cardNumber: string): string {
  const digits = normalizeCardNumber(cardNumber);
  if (!/^\d{12}$/.test(digits)) throw new RangeError('a card number has 12 digits');
  return `${digits.slice(0, 3)}-${digits.slice(3, 10)}-${digits.slice(10)}`;
}
