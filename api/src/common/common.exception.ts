import { DomainException, defineErrors } from './domain.exception';

const COMMON_ERRORS = defineErrors({
  'error.bad_request': 400,
  'error.malformed_json': 400,
  'error.payload_too_large': 413,
  'error.unauthorized': 401,
  'error.forbidden': 403,
  'error.csrf': 403,
  'error.not_found': 404,
  'error.conflict': 409,
  'error.too_many_requests': 429,
  'error.service_unavailable': 503,
});

export class CommonException extends DomainException {
  constructor(code: keyof typeof COMMON_ERRORS, params?: Record<string, string | number>) {
    super(code, COMMON_ERRORS[code], params);
  }
}

/** Field-level validation failure, raised by the global ValidationPipe. */
export interface FieldError {
  field: string;
  code: string;
  params?: Record<string, string | number>;
}

export class ValidationException extends DomainException {
  constructor(readonly fieldErrors: FieldError[]) {
    super('error.validation', 400);
  }
}
