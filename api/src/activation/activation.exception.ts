import { defineErrors, DomainException } from '../common/domain.exception';

const ACTIVATION_ERRORS = defineErrors({
  'citizen.session_required': 401,
  'citizen.wrong_step': 409,
  'citizen.activation.invalid_link': 404,
  'citizen.activation.wrong_code': 400,
  'citizen.activation.locked': 423,
  'citizen.activation.expired': 410,
  'citizen.activation.already_used': 409,
  'citizen.activation.revoked': 410,
  'citizen.key.phone_required': 400,
  'citizen.key.invalid_phone': 400,
  'citizen.username.invalid': 400,
  'citizen.username.taken': 409,
  'citizen.password.too_short': 400,
  'citizen.password.contains_username': 400,
  'citizen.password.one_class': 400,
  'citizen.code.missing': 409,
  'citizen.code.wrong': 400,
  'citizen.code.expired': 410,
  'citizen.code.locked': 423,
  'citizen.code.already_used': 409,
  'citizen.code.too_many': 429,
  'citizen.code.not_sent_for_app': 409,
  'citizen.totp.wrong': 400,
  'citizen.totp.already_used': 409,
  'citizen.totp.locked': 423,
  'citizen.login.invalid_credentials': 401,
  'citizen.login.too_many_attempts': 429,
});

export type ActivationErrorCode = keyof typeof ACTIVATION_ERRORS;

/** Refusals of the citizen activation and login flows: each one a precise 4xx and message key. */
export class ActivationException extends DomainException {
  constructor(code: ActivationErrorCode, params?: Record<string, string | number>, extra?: Record<string, unknown>) {
    super(code, ACTIVATION_ERRORS[code], params, extra);
  }
}
