import { isRealDate, toIsoDate } from '../shared/calendar';
import { BeidFormatError } from './beid-format.error';

/** A birth date as printed on a BEID card: the month and/or day may be unknown. */
export interface PartialDate {
  year: number;
  month: number | null;
  day: number | null;
  /** `YYYY-MM-DD` when year, month and day are all known, else null. */
  iso: string | null;
  /** The value exactly as read from the card. */
  raw: string;
}

/**
 * Month abbreviations used on cards (REFERENCE §1.4), by card language, plus the accented and
 * transliterated spellings seen in the wild. Every token names one month only.
 */
const MONTH_TOKENS: ReadonlyMap<string, number> = new Map([
  // French
  ['JAN', 1], ['FEV', 2], ['MARS', 3], ['AVR', 4], ['MAI', 5], ['JUIN', 6],
  ['JUIL', 7], ['AOUT', 8], ['SEPT', 9], ['OCT', 10], ['NOV', 11], ['DEC', 12],
  ['FÉV', 2], ['AOÛT', 8], ['DÉC', 12],
  // Dutch
  ['FEB', 2], ['MAAR', 3], ['APR', 4], ['MEI', 5], ['JUN', 6], ['JUL', 7],
  ['AUG', 8], ['SEP', 9], ['OKT', 10], ['MRT', 3],
  // German
  ['MÄR', 3], ['DEZ', 12], ['MAR', 3], ['MAER', 3], ['MRZ', 3],
]);

/**
 * Parses tag 0x0C of the identity file: `DD MMM YYYY` (French/Dutch cards) or `DD.MMM.YYYY` (German
 * cards), month tokens in the card's language. Blanks (or zeros) in the day or month mean unknown.
 *
 * - The day is the first two characters.
 * - The month token sits between the first separator (space or dot) and the next one.
 * - The year follows the last separator.
 *
 * @throws BeidFormatError `beid.birth_date.invalid` for an unknown month token, a bad year or day,
 *   or a date that does not exist (31 FEV).
 */
export function parseBeidBirthDate(raw: string): PartialDate {
  const text = raw.normalize('NFC').toUpperCase().trimEnd();
  const fail = (why: string): never => {
    // The raw date stays out of the message: errors end up in logs.
    throw new BeidFormatError('beid.birth_date.invalid', `birth date: ${why}`, 0x0c);
  };

  const lastSeparator = Math.max(text.lastIndexOf(' '), text.lastIndexOf('.'));
  const yearText = text.slice(lastSeparator + 1).trim();
  if (!/^\d{4}$/.test(yearText)) fail('no four-digit year at the end');
  const year = Number(yearText);

  const head = lastSeparator < 0 ? '' : text.slice(0, lastSeparator);
  const dayText = head.slice(0, 2).replace(/[ .]/g, '');
  const monthText = head.slice(2).replace(/^[ .]+/, '').trim();

  let day: number | null = null;
  if (dayText !== '' && !/^0+$/.test(dayText)) {
    if (!/^\d{1,2}$/.test(dayText)) fail('the day is not a number');
    day = Number(dayText);
    if (day < 1 || day > 31) fail('the day is out of range');
  }

  let month: number | null = null;
  if (monthText !== '' && !/^0+$/.test(monthText)) {
    month = MONTH_TOKENS.get(monthText) ?? null;
    if (month === null) fail(`unknown month ${JSON.stringify(monthText)}`);
  }

  if (month !== null && day !== null && !isRealDate(year, month, day)) fail('no such date');
  const iso = month !== null && day !== null ? toIsoDate(year, month, day) : null;
  return { year, month, day, iso, raw };
}

/**
 * Converts a card date `DD.MM.YYYY` (validity begin/end, EU start date) to `YYYY-MM-DD`.
 * @throws BeidFormatError `beid.date.invalid` when the text is not a real date in that form.
 */
export function parseCardDate(raw: string): string {
  const match = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(raw.trim());
  if (match) {
    const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (isRealDate(year, month, day)) return toIsoDate(year, month, day);
  }
  throw new BeidFormatError('beid.date.invalid', `card date ${JSON.stringify(raw)} is not a real DD.MM.YYYY date`);
}
