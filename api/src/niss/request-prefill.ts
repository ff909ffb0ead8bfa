import type { DocumentAnalysis, NissRequestData } from '@sesame/database';

/**
 * The request fields OCR can propose, with where each lives in the request: the snapshot kept on
 * the ticket (what OCR proposed) and the diff the operator sees (what the requester changed).
 */
export const PREFILL_FIELDS = {
  documentType: (d: NissRequestData) => d.document.type,
  documentNumber: (d: NissRequestData) => d.document.number,
  issuingCountry: (d: NissRequestData) => d.document.issuingCountry,
  validUntil: (d: NissRequestData) => d.document.validUntil,
  nationalNumber: (d: NissRequestData) => d.document.nationalNumber?.replace(/\D/g, '') ?? null,
  surname: (d: NissRequestData) => d.person.surname,
  givenNames: (d: NissRequestData) => d.person.givenNames,
  birthDate: (d: NissRequestData) => d.person.birthDate,
  sex: (d: NissRequestData) => d.person.sex,
  nationality: (d: NissRequestData) => d.person.nationality,
} as const;
export type PrefillField = keyof typeof PREFILL_FIELDS;

/** What OCR proposed for each field (value only), from the document's analysis; absent fields are left out. */
export function prefillOf(analysis: DocumentAnalysis | null): Record<string, string> {
  const fields = (analysis as { fields?: Record<string, { value: string | null } | undefined> } | null)?.fields ?? {};
  const out: Record<string, string> = {};
  for (const name of Object.keys(PREFILL_FIELDS)) {
    const value = fields[name]?.value;
    if (typeof value === 'string' && value !== '') out[name] = value;
  }
  return out;
}

export interface PrefillChange {
  field: PrefillField;
  proposed: string;
  entered: string | null;
}

/** The fields the requester changed after OCR proposed a value (compared case- and space-insensitively). */
export function changedAfterPrefill(prefill: Record<string, string>, data: NissRequestData): PrefillChange[] {
  const fold = (value: string | null) => (value ?? '').normalize('NFC').toUpperCase().replace(/\s+/g, ' ').trim();
  const changes: PrefillChange[] = [];
  for (const [field, read] of Object.entries(PREFILL_FIELDS) as [PrefillField, (d: NissRequestData) => string | null][]) {
    const proposed = prefill[field];
    if (proposed === undefined) continue;
    const entered = read(data);
    if (fold(proposed) !== fold(entered)) changes.push({ field, proposed, entered });
  }
  return changes;
}
