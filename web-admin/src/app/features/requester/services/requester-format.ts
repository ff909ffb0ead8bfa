import { HttpErrorResponse } from '@angular/common/http';
import { FormGroup } from '@angular/forms';
import { toApiError } from '../../../core/http/api-error';
import { DOCUMENT_TYPES, DocumentStatus, DocumentType, ReadField } from './requester.models';

/** 85073003328 → 85.07.30-033.28 (anything else is returned as given). */
export function formatNiss(niss: string | null | undefined): string {
  const digits = (niss ?? '').replace(/\D/g, '');
  if (digits.length !== 11) {
    return niss ?? '';
  }
  return `${digits.slice(0, 2)}.${digits.slice(2, 4)}.${digits.slice(4, 6)}-${digits.slice(6, 9)}.${digits.slice(9)}`;
}

export const IBZ_HELP_URL = 'https://www.ibz.rrn.fgov.be/';
export const PRADO_HELP_URL = 'https://www.consilium.europa.eu/prado/en/search-by-document-country.html';

/** Where to find the document number on this kind of document: the Belgian registry for BEL, PRADO otherwise. */
export function documentHelpLink(type: string | null | undefined, country: string | null | undefined): { url: string; country: string } | null {
  const code = (country ?? '').trim().toUpperCase();
  if (!type || !/^[A-Z]{3}$/.test(code)) {
    return null;
  }
  return { url: code === 'BEL' ? IBZ_HELP_URL : PRADO_HELP_URL, country: code };
}

/** The form fields the OCR worker's `analysis.fields` can fill, by the worker's field name. */
const FIELD_PATHS: Record<string, string> = {
  documentType: 'document.type',
  documentNumber: 'document.number',
  issuingCountry: 'document.issuingCountry',
  validUntil: 'document.validUntil',
  nationalNumber: 'document.nationalNumber',
  surname: 'person.surname',
  givenNames: 'person.givenNames',
  birthDate: 'person.birthDate',
  sex: 'person.sex',
  nationality: 'person.nationality',
};

export interface Prefill {
  path: string;
  value: string;
  confidence: number;
}

function isReadField(value: unknown): value is ReadField {
  return typeof value === 'object' && value !== null && typeof (value as ReadField).value === 'string' && (value as ReadField).value.trim() !== '';
}

/** What a processed document proposes for the form: known fields with a usable value, nothing guessed. */
export function prefillsOf(document: DocumentStatus): Prefill[] {
  const fields = document.analysis?.fields;
  if (!fields || typeof fields !== 'object') {
    return [];
  }
  const result: Prefill[] = [];
  for (const [name, field] of Object.entries(fields)) {
    const path = FIELD_PATHS[name];
    if (!path || !isReadField(field)) {
      continue;
    }
    let value = field.value.trim();
    if (name === 'documentType' && !(DOCUMENT_TYPES as readonly string[]).includes(value)) {
      continue;
    }
    if (name === 'sex' && value !== 'M' && value !== 'F') {
      continue;
    }
    if (name === 'issuingCountry' || name === 'nationality' || name === 'documentNumber') {
      value = value.toUpperCase();
    }
    const confidence = typeof field.confidence === 'number' ? Math.round(Math.max(0, Math.min(100, field.confidence))) : 0;
    result.push({ path, value, confidence });
  }
  return result;
}

/** The MRZ lines the worker read (empty when none). */
export function mrzLinesOf(document: DocumentStatus): string[] {
  const lines = document.analysis?.mrz?.lines;
  return Array.isArray(lines) ? lines.filter((line): line is string => typeof line === 'string' && line !== '') : [];
}

export function isDocumentType(value: unknown): value is DocumentType {
  return typeof value === 'string' && (DOCUMENT_TYPES as readonly string[]).includes(value);
}

/** Where the API's field name (`data.person.birthDate`, `documentId`, `notificationEmail`) lives in the wizard form. */
export function formPathOf(field: string): string {
  const path = field.replace(/^data\./, '');
  if (path === 'documentId') {
    return 'document.documentId';
  }
  if (path.startsWith('document.mrz')) {
    return 'document.mrz';
  }
  if (path.startsWith('residence') || path.startsWith('contactAddress')) {
    return `addresses.${path}`;
  }
  if (path === 'comment' || path === 'notificationEmail') {
    return `final.${path}`;
  }
  return path;
}

/**
 * Puts the API's refusal on the wizard form: its `field` (or each of its `errors`) under the matching
 * control. Returns the paths it marked and the message to show above the form when some error has
 * no control (else null).
 */
export function applyRefusal(form: FormGroup, error: unknown): { paths: string[]; message: string | null } {
  const apiError = toApiError(error);
  const body: unknown = error instanceof HttpErrorResponse ? error.error : null;
  const single = typeof body === 'object' && body !== null && typeof (body as { field?: unknown }).field === 'string' ? (body as { field: string }).field : null;
  const fieldErrors = [...apiError.fieldErrors];
  if (single && apiError.message) {
    fieldErrors.push({ field: single, code: apiError.code ?? 'invalid', message: apiError.message });
  }
  const paths: string[] = [];
  let unmatched = fieldErrors.length === 0;
  for (const fieldError of fieldErrors) {
    const path = formPathOf(fieldError.field);
    const control = form.get(path);
    if (control) {
      control.setErrors({ ...(control.errors ?? {}), server: fieldError.message });
      control.markAsTouched();
      paths.push(path);
    } else {
      unmatched = true;
    }
  }
  return { paths, message: unmatched ? apiError.message : null };
}

/** How a page shows a failed load: a lost session sends to the citizen login, anything else is said. */
export interface PageFailure {
  signedOut: boolean;
  message: string | null;
}

export function pageFailureOf(error: unknown, messageFor: (error: ReturnType<typeof toApiError>) => string): PageFailure {
  const apiError = toApiError(error);
  return apiError.status === 401 ? { signedOut: true, message: null } : { signedOut: false, message: messageFor(apiError) };
}
