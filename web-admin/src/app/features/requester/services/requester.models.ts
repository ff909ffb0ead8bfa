/** Shapes of `/api/requester/…` (see api/src/niss/dto and api/src/niss/requester.controller.ts). */
export const DOCUMENT_TYPES = ['passport', 'identity_card', 'residence_permit', 'driving_licence', 'other'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export type TicketDisplay = 'identified' | 'failed' | 'pending' | 'action_required' | 'deleted';
export type TicketScope = 'mine' | 'organisation';

export interface RequesterMe {
  memberId: string;
  displayName: string;
  role: 'requester' | 'access_manager';
  organisationId: string;
  organisationName: string;
  enterpriseNumber: string;
}

export interface RequestDocument {
  type: DocumentType;
  number: string;
  issuingCountry: string;
  validUntil: string | null;
  nationalNumber: string | null;
  mrz: string[];
}

export interface RequestPerson {
  surname: string;
  givenNames: string;
  birthDate: string;
  sex: 'M' | 'F' | null;
  nationality: string;
  birthPlace: string | null;
  birthCountry: string | null;
}

export interface RequestAddress {
  street: string;
  houseNumber: string | null;
  box: string | null;
  postalCode: string | null;
  municipality: string;
  country: string;
}

export interface RequestData {
  document: RequestDocument;
  person: RequestPerson;
  residence: RequestAddress | null;
  contactAddress: RequestAddress | null;
  comment: string | null;
  notificationEmail: string;
}

export interface Ticket {
  id: string;
  number: string;
  status: string;
  display: TicketDisplay;
  niss: string | null;
  autoIdentified: boolean;
  submittedAt: string;
  decidedAt: string | null;
  failureReason: string | null;
  actionReason: 'quality_insufficient' | 'document_expired' | 'other' | null;
  actionText: string | null;
  requestedBy: string;
  surname: string;
  givenNames: string;
  birthDate: string;
  deletable: boolean;
}

export interface TicketEvent {
  at: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actorKind: 'requester' | 'staff' | 'system';
  details: Record<string, unknown>;
}

export interface TicketDetail extends Ticket {
  data: RequestData;
  documentId: string | null;
  history: TicketEvent[];
}

export interface TicketList {
  notifications: Ticket[];
  items: Ticket[];
  total: number;
  page: number;
  pageSize: number;
}

/** A field the OCR worker read, with its confidence (0–100). */
export interface ReadField {
  value: string;
  confidence: number;
  source: 'mrz' | 'text';
}

export interface DocumentStatus {
  id: string;
  status: 'received' | 'processed' | 'failed';
  pageCount: number;
  failureCode: string | null;
  analysis: {
    mrz?: { found?: boolean; lines?: string[] } | null;
    fields?: Record<string, ReadField | undefined>;
  } | null;
}
