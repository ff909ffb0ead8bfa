import { defineErrors, DomainException } from '../common/domain.exception';

const AUTH_ERRORS = defineErrors({
  'auth.invalid_credentials': 401,
  'auth.too_many_attempts': 429,
  'auth.invalid_totp': 401,
  'auth.invalid_recovery_code': 401,
  'auth.second_factor_required': 401,
  'auth.session_expired': 401,
  'auth.enrolment_not_expected': 409,
  'auth.enrolment_not_started': 409,
  'auth.password_too_weak': 400,
});

export class AuthException extends DomainException {
  constructor(code: keyof typeof AUTH_ERRORS, params?: Record<string, string | number>, extra?: Record<string, unknown>) {
    super(code, AUTH_ERRORS[code], params, extra);
  }
}
