import { BeidRawFiles } from '@sesame/desk-protocol';
import { Language } from '../../../core/i18n/languages';

/** Why the API refused a card read (it verified the National Register signatures itself). */
export const CARD_REFUSAL_REASONS = [
  'format',
  'certificate_untrusted',
  'certificate_expired',
  'identity_signature',
  'address_signature',
  'photo_hash',
  'basic_key_hash',
  'card_expired',
  'card_not_yet_valid',
  'card_number_check',
  'national_number_check',
] as const;

export type CardRefusalReason = (typeof CARD_REFUSAL_REASONS)[number];

export interface PersonAddress {
  street: string | null;
  postalCode: string | null;
  municipality: string | null;
  country: string | null;
}

export interface Person {
  id: string;
  nationalNumber: string | null;
  surname: string;
  givenNames: string;
  birthDate: string | null;
  birthDateText: string | null;
  sex: string | null;
  nationality: string | null;
  birthPlace: string | null;
  nobleCondition: string | null;
  address: PersonAddress | null;
  language: string;
}

export interface Evidence {
  id: string;
  kind: 'beid_card' | 'travel_document' | string;
  documentNumber: string;
  documentType: string;
  issuingState: string;
  /** `YYYY-MM-DD` */
  validUntil: string;
  algorithm: string | null;
  evidenceHash: string;
  checkedAt: string;
}

/** What the API read from a verified Belgian card beyond the person (`card` of the answer). */
export interface VerifiedCard {
  cardNumber: string | null;
  validityBegin: string | null;
  validityEnd: string | null;
  deliveryMunicipality: string | null;
}

/** `POST /api/desk/card-reads` and `POST /api/desk/document-checks`. */
export interface VerifiedIdentity {
  evidence: Evidence;
  person: Person;
  card: Record<string, unknown> | null;
  eidasNotified: boolean;
  hasLiveCode: boolean;
}

export interface CardReadRequest {
  files: BeidRawFiles;
}

export interface DocumentCheckRequest {
  mrz: string;
  language?: Language;
}

export interface EmailCheck {
  activeKeys: number;
}

export type ActivationCodeState = 'issued' | 'printed' | 'activated' | 'expired' | 'revoked';

export interface ActivationCode {
  id: string;
  state: ActivationCodeState;
  personName: string;
  email: string;
  language: string;
  expiresAt: string;
  createdAt: string;
  printCount: number;
  lastPrintedAt: string | null;
  letterReady: boolean;
  locked: boolean;
}

export interface IssueCodeRequest {
  evidenceId: string;
  email: string;
  language: Language;
  confirmReplaceKeys?: boolean;
}

/** A code whose letter can still be printed: live (not activated, expired or revoked). */
export function isLive(code: ActivationCode): boolean {
  return code.state === 'issued' || code.state === 'printed';
}

/** The `card` object of an answer, with only the fields the desk shows, typed. */
export function verifiedCard(identity: VerifiedIdentity): VerifiedCard | null {
  const card = identity.card;
  if (!card) {
    return null;
  }
  const text = (key: string): string | null => (typeof card[key] === 'string' ? (card[key] as string) : null);
  return {
    cardNumber: text('cardNumber'),
    validityBegin: text('validityBegin'),
    validityEnd: text('validityEnd'),
    deliveryMunicipality: text('deliveryMunicipality'),
  };
}
