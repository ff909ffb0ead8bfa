/** Shapes of `/api/citizen/…` (see api/src/activation/dto). */
export type KeyKind = 'email_code' | 'sms_code' | 'totp';
export const KEY_KINDS: readonly KeyKind[] = ['email_code', 'totp', 'sms_code'];

export type EnrolmentStep = 'choose_key' | 'credentials' | 'confirm';

export interface TotpEnrolment {
  secret: string;
  otpauthUrl: string;
  qrDataUrl: string;
}

export interface Enrolment {
  step: EnrolmentStep;
  kind: KeyKind | null;
  /** The e-mail address of the key, masked (j•••@example.be). */
  email: string;
  destination: string | null;
  username: string | null;
  codeExpiresAt: string | null;
  totp: TotpEnrolment | null;
}

export interface Activated {
  kind: KeyKind;
  username: string;
}

export interface LoginStep {
  next: 'code' | 'totp';
  keyKind: KeyKind;
  destination: string | null;
  codeExpiresAt: string | null;
}

export interface CitizenMe {
  name: string;
  keyKind: KeyKind;
  username: string;
}
