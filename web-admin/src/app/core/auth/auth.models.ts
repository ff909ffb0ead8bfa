import { Language } from '../i18n/languages';
import { Municipality } from '../municipalities/municipality.model';

export const ROLES = ['clerk', 'video_agent', 'niss_operator', 'supervisor', 'admin'] as const;

export type Role = (typeof ROLES)[number];

/** The signed-in staff member, as answered by `GET /api/auth/me`. */
export interface Me {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  municipality: Municipality | null;
  language: Language;
}

/** What the API expects after a correct e-mail and password. */
export type SecondFactorStep = 'totp' | 'totp_enrolment';

export interface LoginResponse {
  next: SecondFactorStep;
}

export interface TotpEnrolment {
  secret: string;
  otpauthUrl: string;
  qrDataUrl: string;
}

export interface TotpEnrolmentResult {
  me: Me;
  recoveryCodes: string[];
}
