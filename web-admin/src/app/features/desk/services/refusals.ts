import { HttpErrorResponse } from '@angular/common/http';
import { CARD_REFUSAL_REASONS } from './desk.models';

/** One translated line: a key and its parameters. */
export interface TranslatedLine {
  key: string;
  params?: Record<string, unknown>;
}

/** MRZ field (as the API names it) → the plain-language line about it. */
const MRZ_FIELD_LINES: Readonly<Record<string, string>> = {
  format: 'format',
  documentCode: 'document_code',
  documentNumber: 'document_number',
  documentNumberCheckDigit: 'document_number',
  birthDate: 'birth_date',
  birthDateCheckDigit: 'birth_date',
  expirationDate: 'expiry_date',
  expirationDateCheckDigit: 'expiry_date',
  expiryDate: 'expired',
  compositeCheckDigit: 'composite',
  personalNumber: 'personal_number',
  personalNumberCheckDigit: 'personal_number',
  issuingState: 'issuing_state',
  nationality: 'nationality',
  sex: 'sex',
  lastName: 'names',
  firstName: 'names',
};

/** The `reasons` a desk refusal (422) carries, if any. */
export function refusalReasons(error: unknown): string[] {
  if (!(error instanceof HttpErrorResponse)) {
    return [];
  }
  const body: unknown = error.error;
  const reasons = typeof body === 'object' && body !== null ? (body as { reasons?: unknown }).reasons : undefined;
  return Array.isArray(reasons) ? reasons.filter((reason): reason is string => typeof reason === 'string') : [];
}

/** A line per card refusal reason, in the API's order; an unknown reason gets the generic line. */
export function cardRefusalLines(reasons: readonly string[]): TranslatedLine[] {
  const known: readonly string[] = CARD_REFUSAL_REASONS;
  const keys = reasons.map((reason) => `desk.refusal.card.${known.includes(reason) ? reason : 'unknown'}`);
  return unique(keys.length ? keys : ['desk.refusal.card.unknown']).map((key) => ({ key }));
}

/** A line per faulty MRZ field (several check digits can point at one line); expiry has its own. */
export function documentRefusalLines(code: string | null, reasons: readonly string[]): TranslatedLine[] {
  if (code === 'desk.document_expired') {
    return [{ key: 'desk.refusal.document.expired' }];
  }
  const lines: TranslatedLine[] = [];
  const seen = new Set<string>();
  for (const field of reasons) {
    const line = MRZ_FIELD_LINES[field];
    const key = line ? `desk.refusal.document.${line}` : `desk.refusal.document.field:${field}`;
    if (!seen.has(key)) {
      seen.add(key);
      lines.push(line ? { key } : { key: 'desk.refusal.document.field', params: { field } });
    }
  }
  return lines.length ? lines : [{ key: 'desk.refusal.document.unknown' }];
}

function unique(keys: string[]): string[] {
  return [...new Set(keys)];
}
