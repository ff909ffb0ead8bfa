import type {
  ActivationCode,
  CitizenCode,
  CitizenCodeStatus,
  DigitalKeyKind,
  DigitalKeyStatus,
  EnrolmentStep,
} from '@sesame/database';

/**
 * The pure rules of citizen activation and login: state tables, code checks, username, password and
 * phone rules. No I/O, so every rule is unit-tested on its own.
 */

// ---------------------------------------------------------------------------------------------
// State machines (one table per aggregate; updates carry `WHERE status IN (allowedFrom(...))`).

export const DIGITAL_KEY_TRANSITIONS: Readonly<Record<DigitalKeyStatus, readonly DigitalKeyStatus[]>> = {
  pending: ['active'],
  active: ['deactivated'],
  deactivated: [],
};

export const CITIZEN_CODE_TRANSITIONS: Readonly<Record<CitizenCodeStatus, readonly CitizenCodeStatus[]>> = {
  live: ['used', 'voided', 'locked'],
  used: [],
  voided: [],
  locked: [],
};

/** What each enrolment step allows, and the step it leads to. */
export type EnrolmentAction = 'choose_key' | 'set_credentials' | 'resend_code' | 'confirm';
export const ENROLMENT_ACTIONS: Readonly<Record<EnrolmentAction, { from: readonly EnrolmentStep[]; to: EnrolmentStep | 'activated' }>> = {
  // The key kind can be changed until the key is active; later steps are redone.
  choose_key: { from: ['choose_key', 'credentials', 'confirm'], to: 'credentials' },
  set_credentials: { from: ['credentials', 'confirm'], to: 'confirm' },
  resend_code: { from: ['confirm'], to: 'confirm' },
  confirm: { from: ['confirm'], to: 'activated' },
};

export function canTransition<S extends string>(table: Readonly<Record<S, readonly S[]>>, from: S, to: S): boolean {
  return table[from].includes(to);
}

/** The states from which `to` may be reached: the `WHERE status IN (…)` of a guarded update. */
export function allowedFrom<S extends string>(table: Readonly<Record<S, readonly S[]>>, to: S): S[] {
  return (Object.keys(table) as S[]).filter((from) => table[from].includes(to));
}

export function enrolmentAllows(step: EnrolmentStep, action: EnrolmentAction): boolean {
  return ENROLMENT_ACTIONS[action].from.includes(step);
}

// ---------------------------------------------------------------------------------------------
// Activation code (from the letter) and registration/login codes.

export type ActivationRefusal = 'already_used' | 'revoked' | 'expired' | 'locked';

/**
 * Why a live-looking activation code cannot be used now, or null. Checked before the code itself,
 * so a locked code is refused even when the right code is typed.
 */
export function activationCodeRefusal(
  code: Pick<ActivationCode, 'status' | 'expiresAt' | 'lockedAt' | 'failedAttempts'>,
  now: Date,
  maxAttempts: number,
): ActivationRefusal | null {
  if (code.status === 'consumed') return 'already_used';
  if (code.status === 'revoked') return 'revoked';
  if (code.status === 'expired' || code.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (code.lockedAt !== null || code.failedAttempts >= maxAttempts) return 'locked';
  return null;
}

/** The count after one more wrong attempt, whether that locks, and how many attempts remain. */
export function afterWrongAttempt(failedAttempts: number, maxAttempts: number): { failedAttempts: number; locked: boolean; attemptsLeft: number } {
  const next = failedAttempts + 1;
  return { failedAttempts: next, locked: next >= maxAttempts, attemptsLeft: Math.max(0, maxAttempts - next) };
}

export type CodeRefusal = 'missing' | 'already_used' | 'locked' | 'expired';

/**
 * Why the latest registration/login code of a key cannot be checked, or null when it is live.
 * `latest` is the newest code of that key and purpose, whatever its status.
 */
export function citizenCodeRefusal(
  latest: Pick<CitizenCode, 'status' | 'expiresAt' | 'failedAttempts'> | null,
  now: Date,
  maxAttempts: number,
): CodeRefusal | null {
  if (!latest || latest.status === 'voided') return 'missing';
  if (latest.status === 'used') return 'already_used';
  if (latest.status === 'locked' || latest.failedAttempts >= maxAttempts) return 'locked';
  if (latest.expiresAt.getTime() <= now.getTime()) return 'expired';
  return null;
}

/** Registration and login codes: six digits, typed with or without a space in the middle. */
export function normalizeNumericCode(input: string): string | null {
  const compact = input.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(compact) ? compact : null;
}

/** Which channel a key's codes go through (TOTP keys get none: the app makes them). */
export function codeChannelOf(kind: DigitalKeyKind): 'email' | 'sms' | null {
  return kind === 'email_code' ? 'email' : kind === 'sms_code' ? 'sms' : null;
}

// ---------------------------------------------------------------------------------------------
// Username, password, phone.

export const USERNAME_PATTERN = /^[a-z0-9._-]{3,64}$/;

/** The username as stored (trimmed, lower-case), or null when it breaks the rule. */
export function normalizeUsername(input: string): string | null {
  const username = input.trim().toLowerCase();
  return USERNAME_PATTERN.test(username) ? username : null;
}

export const PASSWORD_MIN_LENGTH = 12;
export type PasswordProblem = 'too_short' | 'contains_username' | 'one_class';

/** Lower-case letters, capitals, digits, anything else. */
export function characterClasses(password: string): number {
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u];
  return classes.filter((pattern) => pattern.test(password)).length;
}

/**
 * Every rule the password breaks, in the order the page lists them: at least 12 characters, not
 * containing the username (case-insensitive), and not all of one kind of character.
 */
export function passwordProblems(password: string, username: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) problems.push('too_short');
  const name = username.trim().toLowerCase();
  if (name && password.toLowerCase().includes(name)) problems.push('contains_username');
  if (password.length > 0 && characterClasses(password) < 2) problems.push('one_class');
  return problems;
}

const E164 = /^\+[1-9]\d{7,14}$/;
/** Belgian mobile numbers: +32 4xx xx xx xx. */
const BELGIAN_MOBILE = /^\+324\d{8}$/;

/**
 * The E.164 form of a phone number typed by a citizen, or null. Belgian by default: `0470 12 34 56`
 * → `+32470123456`; `0032…` and `+…` keep their country. Belgian numbers must be mobile numbers
 * (SMS cannot reach a landline).
 */
export function normalizePhone(input: string, defaultCountryCode = '32'): string | null {
  const trimmed = input.trim();
  if (!/^[+\d\s./()-]+$/.test(trimmed)) return null;
  let digits = trimmed.replace(/[\s./()-]/g, '');
  if (digits.startsWith('+')) digits = digits.slice(1);
  else if (digits.startsWith('00')) digits = digits.slice(2);
  else if (digits.startsWith('0')) digits = defaultCountryCode + digits.slice(1);
  else if (defaultCountryCode === '32' && /^4\d{8}$/.test(digits)) digits = defaultCountryCode + digits;
  else return null;
  if (!/^\d+$/.test(digits)) return null;
  const phone = `+${digits}`;
  if (!E164.test(phone)) return null;
  if (phone.startsWith('+32') && !BELGIAN_MOBILE.test(phone)) return null;
  return phone;
}

/** `jan.peeters@example.be` → `j•••@example.be`: enough for the citizen to recognise it. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '•••';
  return `${email[0]}•••${email.slice(at)}`;
}

/** `+32470123456` → `+32 ••• •• •• 56`. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)} ••• •• •• ${phone.slice(-2)}`;
}
