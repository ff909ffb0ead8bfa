import { isValidNationalNumber } from '../niss/national-number';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/**
 * Candidates for a national number in free text: 11 lone digits, compact or formatted
 * (`YY.MM.DD-SSS.CC`, `YYMMDD-SSS-CC`), no letter, digit, `_` or `.` beside them. Only those passing
 * `isValidNationalNumber` are one. Shared with the log scanner of the tests (test/support/log-scan.ts).
 */
export const NATIONAL_NUMBER_IN_TEXT = /(?<![\w.])(?:\d{2}\.\d{2}\.\d{2}[-.]\d{3}\.\d{2}|\d{6}-\d{3}-?\d{2}|\d{11})(?!\w|[.,]\d)/g;

/**
 * Free text from elsewhere (an SMTP server's reply, a driver's error) with its e-mail addresses and
 * national numbers replaced, before it is logged: e.g. nodemailer's "Can't send mail - all
 * recipients were rejected: 550 5.1.1 <jan@example.be>: Recipient address rejected".
 */
export function redactPersonalData(text: string): string {
  return text.replace(EMAIL, '[e-mail]').replace(NATIONAL_NUMBER_IN_TEXT, (match) => (isValidNationalNumber(match) ? '[national number]' : match));
}
