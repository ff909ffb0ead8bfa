/** English server messages: errors and mails. The key set of this file is the reference for the others. */
export const en = {
  'error.bad_request': 'The request is not valid.',
  'error.malformed_json': 'The request body is not valid JSON.',
  'error.payload_too_large': 'The request body is too large.',
  'error.validation': 'Some fields are not valid.',
  'error.unauthorized': 'Please sign in.',
  'error.forbidden': 'You are not allowed to do this.',
  'error.csrf': 'Your page is out of date. Reload it and try again.',
  'error.not_found': 'Not found.',
  'error.conflict': 'This change conflicts with the current state.',
  'error.too_many_requests': 'Too many attempts. Try again later.',
  'error.service_unavailable': 'The service is temporarily unavailable. Try again in a moment.',
  'error.internal': 'Something went wrong on our side. The incident was logged.',

  'validation.unknown_field': 'This field is not allowed.',
  'validation.invalid': 'This value is not valid.',
  'validation.required': 'This field is required.',
  'validation.isEmail': 'Enter a valid e-mail address.',
  'validation.isString': 'Must be text.',
  'validation.isInt': 'Must be a whole number.',
  'validation.isBoolean': 'Must be true or false.',
  'validation.isArray': 'Must be a list.',
  'validation.isIn': 'Choose one of the allowed values.',
  'validation.minLength': 'Too short (at least {min} characters).',
  'validation.maxLength': 'Too long (at most {max} characters).',
  'validation.min': 'Must be at least {min}.',
  'validation.max': 'Must be at most {max}.',
  'validation.matches': 'Does not have the expected format.',
  'validation.isDateString': 'Must be a date (YYYY-MM-DD).',
  'validation.arrayMinSize': 'Choose at least {min}.',
  'validation.arrayUnique': 'Each value may appear only once.',
  'validation.isUUID': 'Must be an identifier.',

  'auth.invalid_credentials': 'E-mail address or password is incorrect.',
  'auth.too_many_attempts': 'Too many failed attempts. Try again in {seconds} seconds.',
  'auth.invalid_totp': 'The authentication code is incorrect or has already been used.',
  'auth.invalid_recovery_code': 'This recovery code is incorrect or has already been used.',
  'auth.second_factor_required': 'Confirm your sign-in with your authentication code first.',
  'auth.enrolment_not_expected': 'Your account already has an authenticator app.',
  'auth.enrolment_not_started': 'Start the authenticator setup again.',
  'auth.session_expired': 'Your session has expired. Please sign in again.',
  'auth.password_too_weak': 'Choose a password of at least 12 characters that is not your e-mail address.',

  'staff.not_found': 'This staff account does not exist.',
  'staff.email_taken': 'A staff account already uses this e-mail address.',
  'staff.municipality_required': 'A clerk must belong to a municipality.',
  'staff.municipality_without_clerk': 'Only clerks belong to a municipality.',
  'staff.unknown_municipality': 'This municipality is not a registration office.',
  'staff.cannot_change_self': 'You cannot disable your own account or remove your own admin role.',
  'staff.last_admin': 'At least one active admin must remain.',
  'staff.concurrent_update': 'Someone else changed this account meanwhile. Reload and try again.',

  'municipality.not_found': 'This municipality is not a registration office.',
  'jobs.unknown_queue': 'This queue does not exist.',
  'jobs.not_found': 'This job does not exist or is not failed.',

  'mail.footer': 'This message was sent by Sésame. Please do not reply to it.',
  'mail.staff-welcome.subject': 'Your Sésame staff account',
  'mail.staff-welcome.body':
    'Hello {name},\n\nA Sésame staff account was created for you ({roles}).\nSign in at {url} with this e-mail address and the initial password your administrator gives you. At your first sign-in you will set up an authenticator app.\n\nIf you did not expect this, tell your administrator.',
  'mail.staff-second-factor-reset.subject': 'Your Sésame authenticator was reset',
  'mail.staff-second-factor-reset.body':
    'Hello {name},\n\nAn administrator reset the second factor of your Sésame account. At your next sign-in at {url} you will set up an authenticator app again.\n\nIf you did not ask for this, tell your administrator at once.',

  'role.clerk': 'registration clerk',
  'role.video_agent': 'video-interview agent',
  'role.niss_operator': 'NISS operator',
  'role.supervisor': 'supervisor',
  'role.admin': 'administrator',
} as const;

export type MessageKey = keyof typeof en;
export type Catalogue = Record<MessageKey, string>;
