/**
 * Belgian enterprise numbers (BCE/KBO, "numéro d'entreprise"): ten digits starting with 0 or 1,
 * written 0123.456.749; the last two digits are 97 − (the first eight mod 97).
 */

/** "BE 0123.456.749", "0123456749" → "0123456749"; null when it is not ten digits once cleaned. */
export function normalizeEnterpriseNumber(input: string): string | null {
  const digits = input.replace(/^\s*BE\s*/i, '').replace(/[\s.\-/]/g, '');
  if (/^\d{9}$/.test(digits)) return `0${digits}`; // old nine-digit numbers took a leading 0
  return /^[01]\d{9}$/.test(digits) ? digits : null;
}

/** True when the check digits are right. */
export function isValidEnterpriseNumber(input: string): boolean {
  const number = normalizeEnterpriseNumber(input);
  if (number === null) return false;
  const base = Number(number.slice(0, 8));
  return 97 - (base % 97) === Number(number.slice(8));
}

/** "0123456749" → "0123.456.749". */
export function formatEnterpriseNumber(number: string): string {
  return `${number.slice(0, 4)}.${number.slice(4, 7)}.${number.slice(7)}`;
}
