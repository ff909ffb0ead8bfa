import { isRealDate } from '../shared/calendar';

/**
 * Belgian national numbers (NISS/INSZ, Rijksregisternummer) and BIS numbers (REFERENCE §2,
 * python-stdnum `be/nn`, `be/bis`): `YYMMDD SSS CC`, displayed `YY.MM.DD-SSS.CC`.
 *
 * - `SSS` counts people born the same day: odd for men, even for women.
 * - `CC` = 97 − (first 9 digits mod 97); for births from 2000 a `2` is put in front first. Since
 *   2 000 000 000 mod 97 = 68, at most one century matches.
 * - BIS numbers add 20 to the month when the sex was unknown, 40 when it was known.
 */

/** A decoded national or BIS number. */
export interface NationalNumberInfo {
  /** 11 digits, no separators. */
  number: string;
  kind: 'niss' | 'bis';
  /** Null parts are unknown (month 00, day 00, or the fictitious `000001` date). */
  birthDate: { year: number | null; month: number | null; day: number | null };
  /** Null when the number does not tell (BIS number with month + 20). */
  sex: 'M' | 'F' | null;
  sexKnown: boolean;
}

/** Strips `.`, `-` and whitespace; returns the 11 digits, or null when something else is left. */
export function normalizeNationalNumber(input: string): string | null {
  const compact = input.replace(/[\s.-]/g, '');
  return /^\d{11}$/.test(compact) ? compact : null;
}

/** The check digits for 9 leading digits in a century (1900 or 2000). */
function checkDigits(first9: string, century: 1900 | 2000): number {
  const base = Number((century === 2000 ? '2' : '') + first9);
  return 97 - (base % 97);
}

/**
 * Decodes a national or BIS number. Returns null when the check digits fail for both centuries,
 * when the month is impossible (13–19, 33–39, > 52) or the date does not exist.
 */
export function parseNationalNumber(input: string): NationalNumberInfo | null {
  const number = normalizeNationalNumber(input);
  if (number === null) return null;
  const first9 = number.slice(0, 9);
  const check = Number(number.slice(9));
  const century = checkDigits(first9, 1900) === check ? 1900 : checkDigits(first9, 2000) === check ? 2000 : null;
  if (century === null) return null;

  const yy = Number(number.slice(0, 2));
  const mm = Number(number.slice(2, 4));
  const dd = Number(number.slice(4, 6));
  const counter = Number(number.slice(6, 9));

  let kind: 'niss' | 'bis';
  let month: number;
  let sexKnown: boolean;
  if (mm <= 12) [kind, month, sexKnown] = ['niss', mm, true];
  else if (mm >= 20 && mm <= 32) [kind, month, sexKnown] = ['bis', mm - 20, false];
  else if (mm >= 40 && mm <= 52) [kind, month, sexKnown] = ['bis', mm - 40, true];
  else return null;

  const sex = sexKnown ? (counter % 2 === 1 ? 'M' : 'F') : null;
  const birthDate = decodeBirthDate(century + yy, yy, month, dd);
  if (birthDate === null) return null;
  return { number, kind, birthDate, sex, sexKnown };
}

function decodeBirthDate(
  year: number,
  yy: number,
  month: number,
  day: number,
): NationalNumberInfo['birthDate'] | null {
  // The fictitious date 1900/00/01 or 2000/00/01: nothing of the birth date was known.
  if (yy === 0 && month === 0 && day === 1) return { year: null, month: null, day: null };
  // Month 00: month and day unknown, or the day's counters ran out; the day digits are unreliable.
  if (month === 0) return { year, month: null, day: null };
  if (day === 0) return { year, month, day: null };
  if (!isRealDate(year, month, day)) return null;
  return { year, month, day };
}

/** Whether the input (separators allowed) is a valid national or BIS number. */
export function isValidNationalNumber(input: string): boolean {
  return parseNationalNumber(input) !== null;
}

/**
 * Formats 11 digits as `YY.MM.DD-SSS.CC`. Accepts an already formatted number; does not check
 * the check digits.
 * @throws RangeError when the input is not 11 digits once separators are removed.
 */
export function formatNationalNumber(number: string): string {
  const n = normalizeNationalNumber(number);
  if (n === null) throw new RangeError('a national number has 11 digits');
  return `${n.slice(0, 2)}.${n.slice(2, 4)}.${n.slice(4, 6)}-${n.slice(6, 9)}.${n.slice(9)}`;
}

/** Input of {@link makeBisNumber}. */
export interface BisNumberInput {
  /** Year 1900–2099; month and day may be unknown (a day needs a month). */
  birthDate: { year: number; month: number | null; day: number | null };
  /** Null when the sex is unknown: month + 20 and any counter; otherwise month + 40. */
  sex: 'M' | 'F' | null;
  /** Raw `SSS`, 1..998: odd for men, even for women (see {@link nextBisCounter}). */
  counter: number;
}

/**
 * Builds a BIS number: month + 20 when the sex is unknown, + 40 when it is known, check digits with
 * the `2` prefix for births from 2000.
 * @throws RangeError for an impossible date, a counter outside 1..998, or a counter whose parity
 *   contradicts the sex.
 */
export function makeBisNumber(input: BisNumberInput): string {
  const { birthDate, sex, counter } = input;
  const { year, month, day } = birthDate;
  if (!Number.isInteger(year) || year < 1900 || year > 2099) throw new RangeError(`birth year ${year} outside 1900–2099`);
  if (month !== null && (!Number.isInteger(month) || month < 1 || month > 12)) {
    throw new RangeError(`birth month ${month} outside 1–12`);
  }
  if (day !== null) {
    if (month === null) throw new RangeError('a birth day needs a birth month');
    if (!isRealDate(year, month, day)) throw new RangeError(`${year}-${month}-${day} is not a date`);
  }
  if (!Number.isInteger(counter) || counter < 1 || counter > 998) throw new RangeError(`counter ${counter} outside 1–998`);
  if (sex !== null && counterSex(counter) !== sex) {
    throw new RangeError(`counter ${counter} is ${counter % 2 === 1 ? 'odd (men)' : 'even (women)'}, sex is ${sex}`);
  }
  const yy = year % 100;
  const mm = (month ?? 0) + (sex === null ? 20 : 40);
  const first9 = pad(yy, 2) + pad(mm, 2) + pad(day ?? 0, 2) + pad(counter, 3);
  return first9 + pad(checkDigits(first9, year >= 2000 ? 2000 : 1900), 2);
}

/**
 * The first counter (previous = null) or the next one after `previous` that suits the sex: odd
 * for men (1..997), even for women (2..998), any for an unknown sex (1..998).
 * @throws RangeError when the counters for that sex are exhausted, or `previous` is not 0..998.
 */
export function nextBisCounter(sex: 'M' | 'F' | null, previous: number | null): number {
  if (previous !== null && (!Number.isInteger(previous) || previous < 0 || previous > 998)) {
    throw new RangeError(`previous counter ${previous} outside 0–998`);
  }
  let next = (previous ?? 0) + 1;
  if (sex !== null && counterSex(next) !== sex) next += 1;
  if (next > 998) throw new RangeError(`BIS counters exhausted for sex ${sex ?? 'unknown'}`);
  return next;
}

function counterSex(counter: number): 'M' | 'F' {
  return counter % 2 === 1 ? 'M' : 'F';
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
