import { parse as parseMrzLines, type ParseResult } from 'mrz';
import { normalizeNationalNumber, parseNationalNumber } from '../niss/national-number';
import { brusselsDate, isIsoDate, isRealDate, toIsoDate } from '../shared/calendar';

/** A machine-readable zone, decoded (ICAO 9303, REFERENCE §3). */
export interface MrzResult {
  /** All check digits and fields good, dates resolved. */
  valid: boolean;
  format: 'TD1' | 'TD2' | 'TD3' | string;
  documentCode: string | null;
  issuingState: string | null;
  /** Long TD1 numbers (Belgian 12-digit card numbers) are joined back together. */
  documentNumber: string | null;
  nationality: string | null;
  surname: string | null;
  /** Given names separated by single spaces. */
  givenNames: string | null;
  /** ISO date; the century puts the birth in the past. */
  birthDate: string | null;
  /** ISO date in 20xx. */
  expiryDate: string | null;
  sex: 'M' | 'F' | null;
  /** Belgian TD1: optional data 2 when it is a valid national number. */
  nationalNumber: string | null;
  errors: { field: string; message: string }[];
}

/** Options of {@link parseMrz}. */
export interface ParseMrzOptions {
  /** Reference instant for the birth-date century; defaults to the current time. */
  now?: Date;
}

/** Characters OCR and keyboards produce for the filler `<`. */
const FILLER_LOOKALIKES = /[«‹≪〈⟨＜﹤]/g;
/** Total lengths of a whole MRZ pasted as one line, with its line length. */
const ONE_LINE_FORMS: ReadonlyMap<number, number> = new Map([
  [90, 30], // TD1
  [72, 36], // TD2
  [88, 44], // TD3
]);

/**
 * Cleans typed, pasted or OCR'd MRZ text into lines: uppercases, maps `«` and similar to `<`,
 * removes spaces and tabs, splits on line breaks and drops empty lines. A whole TD1/TD2/TD3 zone
 * pasted as one line (90, 72 or 88 characters) is cut into its lines.
 */
export function normalizeMrzInput(text: string): string[] {
  const lines = text
    .toUpperCase()
    .replace(FILLER_LOOKALIKES, '<')
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/[ \t\u00a0]/g, ''))
    .filter((line) => line.length > 0);
  if (lines.length === 1) {
    const lineLength = ONE_LINE_FORMS.get(lines[0].length);
    if (lineLength !== undefined) {
      const line = lines[0];
      return Array.from({ length: line.length / lineLength }, (_, i) => line.slice(i * lineLength, (i + 1) * lineLength));
    }
  }
  return lines;
}

/**
 * Parses an MRZ with the `mrz` package (`autocorrect: false`) and resolves dates. Never throws: an
 * unsupported format comes back `valid: false` with an error on `format`.
 */
export function parseMrz(input: string | string[], options: ParseMrzOptions = {}): MrzResult {
  const lines = normalizeMrzInput(Array.isArray(input) ? input.join('\n') : input);
  let parsed: ParseResult;
  try {
    parsed = parseMrzLines(lines, { autocorrect: false });
  } catch (error) {
    return unsupported(error instanceof Error ? error.message : String(error));
  }

  const fields = parsed.fields;
  const errors = parsed.details
    .filter((detail) => !detail.valid)
    .map((detail) => ({ field: detail.field ?? detail.label, message: detail.error ?? 'invalid' }));

  const birthRaw = fields.birthDate ?? null;
  const birthDate = birthRaw === null ? null : resolveBirthDate(birthRaw, options.now ?? new Date());
  if (birthRaw !== null && birthDate === null) errors.push({ field: 'birthDate', message: `no such date ${birthRaw}` });
  const expiryRaw = fields.expirationDate ?? null;
  const expiryDate = expiryRaw === null ? null : resolveYymmdd(expiryRaw, 2000);
  if (expiryRaw !== null && expiryDate === null) errors.push({ field: 'expirationDate', message: `no such date ${expiryRaw}` });

  const issuingState = fields.issuingState ?? null;
  return {
    valid: parsed.valid && errors.length === 0,
    format: parsed.format,
    documentCode: fields.documentCode ?? null,
    issuingState,
    documentNumber: parsed.documentNumber ?? fields.documentNumber ?? null,
    nationality: fields.nationality ?? null,
    surname: fields.lastName ?? null,
    givenNames: fields.firstName ?? null,
    birthDate,
    expiryDate,
    sex: fields.sex === 'male' ? 'M' : fields.sex === 'female' ? 'F' : null,
    nationalNumber: parsed.format === 'TD1' && issuingState === 'BEL' ? belgianNationalNumber(fields.optional2 ?? null) : null,
    errors,
  };
}

/**
 * Whether a document expiring on `expiryIso` (last valid day) has expired at `now`, by the
 * calendar date in Belgium.
 * @throws RangeError when `expiryIso` is not a `YYYY-MM-DD` date.
 */
export function isExpired(expiryIso: string, now: Date): boolean {
  if (!isIsoDate(expiryIso)) throw new RangeError(`${JSON.stringify(expiryIso)} is not a YYYY-MM-DD date`);
  return brusselsDate(now) > expiryIso;
}

function resolveYymmdd(yymmdd: string, century: number): string | null {
  const match = /^(\d{2})(\d{2})(\d{2})$/.exec(yymmdd);
  if (!match) return null;
  const [year, month, day] = [century + Number(match[1]), Number(match[2]), Number(match[3])];
  return isRealDate(year, month, day) ? toIsoDate(year, month, day) : null;
}

/** 20yy unless that is after today, then 19yy. */
function resolveBirthDate(yymmdd: string, now: Date): string | null {
  const in2000s = resolveYymmdd(yymmdd, 2000);
  if (in2000s !== null && in2000s <= brusselsDate(now)) return in2000s;
  return resolveYymmdd(yymmdd, 1900);
}

function belgianNationalNumber(optional2: string | null): string | null {
  if (optional2 === null) return null;
  const number = normalizeNationalNumber(optional2.replace(/</g, ''));
  return number !== null && parseNationalNumber(number) !== null ? number : null;
}

function unsupported(message: string): MrzResult {
  return {
    valid: false,
    format: 'unknown',
    documentCode: null,
    issuingState: null,
    documentNumber: null,
    nationality: null,
    surname: null,
    givenNames: null,
    birthDate: null,
    expiryDate: null,
    sex: null,
    nationalNumber: null,
    errors: [{ field: 'format', message }],
  };
}
