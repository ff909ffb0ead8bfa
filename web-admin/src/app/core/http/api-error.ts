import { HttpErrorResponse } from '@angular/common/http';

/** A field error as the API reports it; `message` is already translated. */
export interface ApiFieldError {
  field: string;
  code: string;
  message: string;
}

/** The API's error body: `{ statusCode, code, message, errors? }`, messages already translated. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errors?: ApiFieldError[];
  retryAfterSeconds?: number;
}

/** An API failure normalised for the UI. `message` is null when the API gave none. */
export interface ApiError {
  status: number;
  code: string | null;
  message: string | null;
  fieldErrors: ApiFieldError[];
  retryAfterSeconds: number | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function parseBody(body: unknown): Record<string, unknown> | null {
  if (isRecord(body)) {
    return body;
  }
  if (typeof body === 'string' && body.trim().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(body);
      return isRecord(parsed) ? parsed : null;
    } catch {
      return null;
    }
  }
  return null;
}

export function toApiError(error: unknown): ApiError {
  if (!(error instanceof HttpErrorResponse)) {
    return { status: -1, code: null, message: null, fieldErrors: [], retryAfterSeconds: null };
  }
  const body = parseBody(error.error);
  const rawErrors = body?.['errors'];
  const fieldErrors = Array.isArray(rawErrors)
    ? rawErrors.filter(
        (item): item is ApiFieldError =>
          isRecord(item) && typeof item['field'] === 'string' && typeof item['message'] === 'string',
      )
    : [];
  const message = body?.['message'];
  const code = body?.['code'];
  const retryAfter = body?.['retryAfterSeconds'];
  return {
    status: error.status,
    code: typeof code === 'string' ? code : null,
    message: typeof message === 'string' && message.trim() !== '' ? message : null,
    fieldErrors,
    retryAfterSeconds: typeof retryAfter === 'number' ? retryAfter : null,
  };
}
