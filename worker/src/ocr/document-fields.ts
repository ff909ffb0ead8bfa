/**
 * From what OCR read on an identity document to the fields that pre-fill a form: pure functions,
 * no OCR. Every field carries a confidence (0–100) and where it was read (`mrz` or `text`); a field
 * that cannot be read reliably is left out, never guessed.
 *
 * The MRZ is the source: its fields come from the domain's `parseMrz` (the `mrz` package, dates
 * resolved), its check digits say which of them OCR read right. Printed text is used only where no
 * MRZ was found, and only for what carries its own check digits: a Belgian national number written
 * `YY.MM.DD-SSS.CC` and a Belgian card number written `xxx-xxxxxxx-yy` (REFERENCE §2).
 */
import type { DocumentAnalysis, NissDocumentType } from '@sesame/database';
import { isValidCardNumber, parseNationalNumber, type MrzResult, type NationalNumberInfo } from '@sesame/domain';
import type { OcrTextLine } from './mrz-lines';
import type { MrzCheckDigits, MrzReading } from './mrz-reader';

export type DocumentFields = NonNullable<DocumentAnalysis['fields']>;
export type DocumentFieldName = keyof DocumentFields;
export type DocumentField = NonNullable<DocumentFields[DocumentFieldName]>;

/**
 * Confidence ceilings (0–100). A check digit that holds is strong evidence that OCR read a field
 * right; fields no check digit covers are worth at most what OCR itself says, and less when the
 * rest of the zone failed its checks.
 */
export const FIELD_CONFIDENCE = {
  /** Own check digit and the composite check digit hold. */
  confirmed: 99,
  /** Own check digit holds, the composite one does not (another field, or the composite digit, misread). */
  ownCheckOnly: 90,
  /** Own check digit fails: shown to the operator, flagged by `mrz.checks`. */
  checkFailed: 40,
  /** No check digit, every check digit of the zone holds: the OCR evidently read the zone well. */
  uncheckedInValidZone: 90,
  /** No check digit, and the zone fails some check. */
  uncheckedInInvalidZone: 60,
  /** MRZ names are transliterated without diacritics and may be cut short: an operator compares them with the printed ones. */
  name: 80,
  /** Residence permit inferred from an identity-card code (see {@link documentTypeOf}). */
  inferredType: 70,
  /** A national number whose birth date or sex contradicts the MRZ. */
  inconsistent: 50,
  /** Printed text with valid check digits: right digits, but nothing proves it is the holder's number. */
  text: 85,
} as const;

/** Options of {@link fieldsFromMrz}. */
export interface FieldsFromMrzOptions {
  /** Reference instant for the century of expiry dates; default now. */
  now?: Date;
}

/**
 * The fields an MRZ reading gives (empty when no MRZ was found). Values: `documentType` one of
 * NISS_DOCUMENT_TYPES; `documentNumber` as in the MRZ (Belgian 12-digit card numbers joined back);
 * `issuingCountry` / `nationality` ISO 3166-1 alpha-3 (Germany's `D` written `DEU`); `validUntil` /
 * `birthDate` `YYYY-MM-DD`; `sex` `M` or `F`; `nationalNumber` 11 digits.
 */
export function fieldsFromMrz(reading: MrzReading, options: FieldsFromMrzOptions = {}): DocumentFields {
  const parsed = reading.parsed;
  if (!reading.found || parsed === null || reading.format === null || reading.checkDigits === null) return {};
  const now = options.now ?? new Date();
  const checks = reading.checkDigits;
  const ocr = clamp(reading.confidence);
  const zoneValid = parsed.valid;
  const fields: DocumentFields = {};
  const unchecked = (ceiling = 100) =>
    Math.min(ocr, ceiling, zoneValid ? FIELD_CONFIDENCE.uncheckedInValidZone : FIELD_CONFIDENCE.uncheckedInInvalidZone);
  const checked = (own: boolean) =>
    !own ? Math.min(ocr, FIELD_CONFIDENCE.checkFailed) : checks.composite ? FIELD_CONFIDENCE.confirmed : FIELD_CONFIDENCE.ownCheckOnly;
  const set = (name: DocumentFieldName, value: string | null, confidence: number) => {
    if (value !== null && value !== '') fields[name] = { value, confidence: Math.round(confidence), source: 'mrz' };
  };

  const type = parsed.documentCode === null ? null : documentTypeOf(parsed.documentCode, parsed.issuingState, parsed.nationality);
  if (type) set('documentType', type.type, unchecked(type.inferred ? FIELD_CONFIDENCE.inferredType : 100));
  set('documentNumber', parsed.documentNumber, documentNumberConfidence(parsed, checks, checked(checks.documentNumber)));
  set('issuingCountry', countryCode(parsed.issuingState), unchecked());
  set('nationality', countryCode(parsed.nationality), unchecked());
  set('surname', parsed.surname, unchecked(FIELD_CONFIDENCE.name));
  set('givenNames', parsed.givenNames, unchecked(FIELD_CONFIDENCE.name));
  set('sex', parsed.sex, unchecked());
  set('validUntil', parsed.expiryDate === null ? null : expiryInWindow(parsed.expiryDate, now), checked(checks.expiryDate));

  const national = nationalNumberOf(reading.format, reading.lines, parsed);
  const info = national === null ? null : parseNationalNumber(national);
  set('birthDate', parsed.birthDate === null ? null : birthDateWithCentury(parsed.birthDate, info), checked(checks.birthDate));
  if (national !== null && info !== null) {
    // The number has its own check digits (mod 97); the MRZ's check digits cover it as well.
    const covered = reading.format === 'TD3' ? checks.personalNumber === true && checks.composite : checks.composite;
    const consistent = agreesWithMrz(info, parsed);
    set('nationalNumber', national, !consistent ? FIELD_CONFIDENCE.inconsistent : covered ? FIELD_CONFIDENCE.confirmed : FIELD_CONFIDENCE.ownCheckOnly);
  }
  return fields;
}

/**
 * The kind of document an MRZ document code names (ICAO 9303 Part 4–6): `P…` passports; `I…`,
 * `A…`, `C…` identity cards and other official travel documents; `V…` visas (no NISS document type:
 * `other`). Two inferences, reported as such: an `IR`/`AR`/`CR` code (the second letter R, used
 * for residence permits, e.g. under EU Regulation 1030/2002), and an identity card a state issued
 * to someone of another nationality (a foreigner's card), are residence permits.
 */
export function documentTypeOf(
  documentCode: string,
  issuingState: string | null = null,
  nationality: string | null = null,
): { type: NissDocumentType; inferred: boolean } | null {
  const code = documentCode.replace(/</g, '');
  switch (code[0]) {
    case 'P':
      return { type: 'passport', inferred: false };
    case 'V':
      return { type: 'other', inferred: false };
    case 'I':
    case 'A':
    case 'C':
      if (code[1] === 'R') return { type: 'residence_permit', inferred: true };
      if (issuingState !== null && nationality !== null && countryCode(issuingState) !== countryCode(nationality)) {
        return { type: 'residence_permit', inferred: true };
      }
      return { type: 'identity_card', inferred: false };
    default:
      return null;
  }
}

/** Germany's one-letter MRZ code `D` as ISO 3166-1 alpha-3; every other code as it is. */
export function countryCode(code: string | null): string | null {
  if (code === null) return null;
  const trimmed = code.replace(/</g, '');
  return trimmed === 'D' ? 'DEU' : trimmed || null;
}

/**
 * An expiry date's century: the MRZ gives `YYMMDD`, the domain reads it as 20YY. A document's
 * validity lies within 50 years of today either way, so a 20YY date more than 50 years ahead is a
 * 19YY date (an old, expired document): `YYYY-MM-DD` in, `YYYY-MM-DD` out.
 */
export function expiryInWindow(isoDate: string, now: Date): string {
  const year = Number(isoDate.slice(0, 4));
  if (year - now.getUTCFullYear() > 50) return `${year - 100}${isoDate.slice(4)}`;
  return isoDate;
}

/**
 * A birth date's century: the domain puts `YYMMDD` in the last hundred years (20YY unless that is
 * in the future), which is wrong for someone over 100. A Belgian national number settles it: its
 * check digits tell the century. Used only when the number's date is the MRZ's date.
 */
export function birthDateWithCentury(isoDate: string, nationalNumber: NationalNumberInfo | null): string {
  const { year, month, day } = nationalNumber?.birthDate ?? { year: null, month: null, day: null };
  if (year === null || month === null || day === null) return isoDate;
  if (year % 100 !== Number(isoDate.slice(2, 4)) || month !== Number(isoDate.slice(5, 7)) || day !== Number(isoDate.slice(8, 10))) return isoDate;
  return `${year}${isoDate.slice(4)}`;
}

/**
 * The Belgian national number an MRZ carries: in optional data 2 of a Belgian TD1 card (the domain
 * reads it), in the personal number of a Belgian passport (TD3, line 2 columns 28–42). Only a
 * number with valid check digits counts.
 */
export function nationalNumberOf(format: MrzReading['format'], lines: readonly string[], parsed: MrzResult): string | null {
  if (parsed.issuingState !== 'BEL') return null;
  if (format === 'TD1') return parsed.nationalNumber;
  if (format !== 'TD3' || lines.length !== 2) return null;
  const personal = lines[1].slice(28, 42).replace(/<+$/, '');
  return /^\d{11}$/.test(personal) && parseNationalNumber(personal) !== null ? personal : null;
}

/**
 * Fields read from printed text when a document has no MRZ (or it could not be found): only
 * numbers whose check digits hold, each from the best line that holds one. `nationalNumber` from
 * `YY.MM.DD-SSS.CC` (BIS numbers included), `documentNumber` from a Belgian card number
 * `xxx-xxxxxxx-yy`. Several different valid numbers of one kind on the page: none is taken.
 */
export function fieldsFromText(lines: readonly OcrTextLine[]): DocumentFields {
  const fields: DocumentFields = {};
  const national = uniqueMatch(lines, NATIONAL_NUMBER_TEXT, (digits) => (parseNationalNumber(digits) !== null ? digits : null));
  if (national) fields.nationalNumber = { value: national.value, confidence: Math.min(FIELD_CONFIDENCE.text, national.confidence), source: 'text' };
  const card = uniqueMatch(lines, CARD_NUMBER_TEXT, (digits) => (isValidCardNumber(digits) ? digits : null));
  if (card) fields.documentNumber = { value: card.value, confidence: Math.min(FIELD_CONFIDENCE.text, card.confidence), source: 'text' };
  return fields;
}

/** `85.07.30-033.28`, with the separators OCR confuses (`,` for `.`, `–` for `-`) and stray spaces. */
const NATIONAL_NUMBER_TEXT = /(?<!\d)(\d{2}) ?[.,] ?(\d{2}) ?[.,] ?(\d{2}) ?[-–—] ?(\d{3}) ?[.,] ?(\d{2})(?!\d)/g;
/** `591-1917064-58`. */
const CARD_NUMBER_TEXT = /(?<!\d)(\d{3}) ?[-–—] ?(\d{7}) ?[-–—] ?(\d{2})(?!\d)/g;

function uniqueMatch(
  lines: readonly OcrTextLine[],
  pattern: RegExp,
  accept: (digits: string) => string | null,
): { value: string; confidence: number } | null {
  const found = new Map<string, number>();
  for (const line of lines) {
    for (const match of line.text.matchAll(pattern)) {
      const value = accept(match.slice(1).join(''));
      if (value !== null) found.set(value, Math.max(found.get(value) ?? 0, clamp(line.confidence)));
    }
  }
  if (found.size !== 1) return null;
  const [[value, confidence]] = found;
  return { value, confidence };
}

/** A Belgian card's number also has its own mod-97 check (REFERENCE §2): both holding is as good as it gets. */
function documentNumberConfidence(parsed: MrzResult, checks: MrzCheckDigits, fromCheckDigits: number): number {
  const belgianCard = parsed.issuingState === 'BEL' && parsed.documentNumber !== null && /^\d{12}$/.test(parsed.documentNumber);
  if (belgianCard && checks.documentNumber && isValidCardNumber(parsed.documentNumber!)) return FIELD_CONFIDENCE.confirmed;
  return fromCheckDigits;
}

/** A NISS (not a BIS number) encodes the birth date and, by its counter, the sex: they must agree with the MRZ. */
function agreesWithMrz(info: NationalNumberInfo, parsed: MrzResult): boolean {
  if (info.sex !== null && parsed.sex !== null && info.sex !== parsed.sex) return false;
  // A BIS number's month is shifted, and a number given when the birth date was unknown says nothing of it.
  if (info.kind !== 'niss' || info.birthDate.year === null || parsed.birthDate === null) return true;
  const { month, day } = info.birthDate;
  const yy = info.number.slice(0, 2);
  if (yy !== parsed.birthDate.slice(2, 4)) return false;
  if (month !== null && month !== Number(parsed.birthDate.slice(5, 7))) return false;
  return day === null || day === Number(parsed.birthDate.slice(8, 10));
}

function clamp(confidence: number): number {
  return Number.isFinite(confidence) ? Math.max(0, Math.min(100, confidence)) : 0;
}
