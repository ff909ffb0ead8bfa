/**
 * The password rules of the API (api/src/activation/activation.rules.ts), for live hints while the
 * citizen types. The API checks them again; this copy only guides.
 */
export type PasswordRule = 'length' | 'username' | 'classes';

export interface PasswordRuleState {
  rule: PasswordRule;
  met: boolean;
}

export const PASSWORD_MIN_LENGTH = 12;

export function characterClasses(password: string): number {
  return [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u].filter((pattern) => pattern.test(password)).length;
}

export function passwordRules(password: string, username: string): PasswordRuleState[] {
  const name = username.trim().toLowerCase();
  return [
    { rule: 'length', met: [...password].length >= PASSWORD_MIN_LENGTH },
    { rule: 'username', met: password.length > 0 && (name === '' || !password.toLowerCase().includes(name)) },
    { rule: 'classes', met: characterClasses(password) >= 2 },
  ];
}

export const USERNAME_PATTERN = /^[a-z0-9._-]{3,64}$/;

/** Activation codes: 20 characters of the code alphabet, shown as XXXXX-XXXXX-XXXXX-XXXXX. */
export const ACTIVATION_CODE_PATTERN = /^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{20}$/;

/** Upper case, without spaces and dashes (what a paste from the letter or the e-mail contains). */
export function compactActivationCode(input: string): string {
  return input.toUpperCase().replace(/[\s\-‐‑‒–—]/g, '');
}
