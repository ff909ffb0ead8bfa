import type { NissRequestData } from '@sesame/database';
import { brusselsDate, normalizeNationalNumber, parseMrz, parseNationalNumber } from '@sesame/domain';
import { NissErrorCode } from './niss.exception';

export interface RuleViolation {
  code: NissErrorCode;
  params?: Record<string, string | number>;
  /** The field of the request the violation is about (the wizard shows it there). */
  field: string;
}

/**
 * The checks a NISS request must pass before it becomes a ticket, beyond the shape the DTO already
 * checked (seed 004 and the bad inputs): the document is still valid, the national number and
 * the MRZ carry right check digits, the birth date is a real date and not in the future, a contact
 * address is in Belgium. Returns the violations, first the ones of the earliest wizard step.
 */
export function checkRequest(data: NissRequestData, now: Date): RuleViolation[] {
  const today = brusselsDate(now);
  const violations: RuleViolation[] = [];
  const { document, person } = data;

  if (document.validUntil !== null) {
    if (!isRealIsoDate(document.validUntil)) violations.push({ code: 'niss.document_validity_invalid', field: 'document.validUntil' });
    else if (document.validUntil < today) violations.push({ code: 'niss.document_expired', params: { date: document.validUntil }, field: 'document.validUntil' });
  }
  if (document.nationalNumber !== null) {
    const compact = normalizeNationalNumber(document.nationalNumber);
    if (compact === null || parseNationalNumber(compact) === null) violations.push({ code: 'niss.national_number_invalid', field: 'document.nationalNumber' });
  }
  if (document.mrz.length > 0) {
    const mrz = parseMrz(document.mrz, { now });
    if (!mrz.valid) {
      const fields = [...new Set(mrz.errors.map((error) => error.field))].join(', ') || 'format';
      violations.push({ code: 'niss.mrz_invalid', params: { fields }, field: 'document.mrz' });
    }
  }
  const birth = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(person.birthDate);
  if (!birth) violations.push({ code: 'niss.birth_date_invalid', field: 'person.birthDate' });
  else {
    const [year, month, day] = [Number(birth[1]), birth[2] ? Number(birth[2]) : null, birth[3] ? Number(birth[3]) : null];
    const real = year >= 1870 && (month === null || (month >= 1 && month <= 12)) && (day === null || (month !== null && isRealDate(year, month, day)));
    if (!real) violations.push({ code: 'niss.birth_date_invalid', field: 'person.birthDate' });
    else if (person.birthDate > today.slice(0, person.birthDate.length)) violations.push({ code: 'niss.birth_date_in_future', field: 'person.birthDate' });
  }
  if (data.contactAddress !== null && data.contactAddress.country !== 'BE') {
    violations.push({ code: 'niss.contact_address_not_belgian', field: 'contactAddress.country' });
  }
  return violations;
}

function isRealIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return match !== null && isRealDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
