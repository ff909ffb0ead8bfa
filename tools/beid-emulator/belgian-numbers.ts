/**
 * Check digits of Belgian card numbers and national numbers (an independent implementation,
 * deliberately not shared with libs/domain).
 */

/** eID card number: 10 digits + (first 10 mod 97), with 0 written as 97. */
export function cardNumberCheck(first10: string): string {
  if (!/^\d{10}$/.test(first10)) throw new Error(`Card number needs 10 digits before the check: ${first10}`);
  const check = Number(BigInt(first10) % 97n);
  return String(check === 0 ? 97 : check).padStart(2, '0');
}

export function withCardNumberCheck(first10: string): string {
  return first10 + cardNumberCheck(first10);
}

export function isValidCardNumber(cardNumber: string): boolean {
  return /^\d{12}$/.test(cardNumber) && cardNumberCheck(cardNumber.slice(0, 10)) === cardNumber.slice(10);
}

/** National number check: 97 − (first 9 digits mod 97), with a `2` in front for births from 2000. */
export function nationalNumberCheck(first9: string, bornFrom2000: boolean): string {
  if (!/^\d{9}$/.test(first9)) throw new Error(`National number needs 9 digits before the check: ${first9}`);
  const base = BigInt((bornFrom2000 ? '2' : '') + first9);
  return String(97 - Number(base % 97n)).padStart(2, '0');
}

/** `YYMMDD` + counter (odd for men, even for women) + check digits. */
export function makeNationalNumber(birth: { year: number; month: number; day: number }, counter: number): string {
  const first9 =
    String(birth.year % 100).padStart(2, '0') +
    String(birth.month).padStart(2, '0') +
    String(birth.day).padStart(2, '0') +
    String(counter).padStart(3, '0');
  return first9 + nationalNumberCheck(first9, birth.year >= 2000);
}

/** True when the check digits match for either century. */
export function isValidNationalNumber(nationalNumber: string): boolean {
  if (!/^\d{11}$/.test(nationalNumber)) return false;
  const first9 = nationalNumber.slice(0, 9);
  const check = nationalNumber.slice(9);
  return nationalNumberCheck(first9, false) === check || nationalNumberCheck(first9, true) === check;
}
