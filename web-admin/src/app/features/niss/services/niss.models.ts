/** Shapes of `/api/niss/*` and `/api/organisations` as the console reads them. */

export type Sla = 'ok' | 'warning' | 'late';
export const DOCUMENT_TYPES = ['passport', 'identity_card', 'residence_permit', 'driving_licence', 'other'] as const;
export const REUPLOAD_REASONS = ['quality_insufficient', 'document_expired', 'other'] as const;
export type ReuploadReason = (typeof REUPLOAD_REASONS)[number];
export const ORGANISATION_LANGUAGES = ['fr', 'nl', 'de', 'en'] as const;
export const MEMBER_ROLES = ['requester', 'access_manager'] as const;

export interface QueueItem {
  id: string;
  number: string;
  status: string;
  submittedAt: string;
  ageMinutes: number;
  sla: Sla;
  organisationId: string;
  organisationName: string;
  nationality: string;
  documentType: string;
  surname: string;
  givenNames: string;
  birthDate: string;
  claimedBy: string | null;
  claimedByName: string | null;
  actionReason: string | null;
}

export interface QueuePage {
  items: QueueItem[];
  next: string | null;
}

/** The queue's filters, as they appear in the URL. */
export interface QueueFilters {
  organisationId: string;
  nationality: string;
  documentType: string;
  awaitingReupload: boolean;
  mine: boolean;
}

export const EMPTY_QUEUE_FILTERS: QueueFilters = {
  organisationId: '',
  nationality: '',
  documentType: '',
  awaitingReupload: false,
  mine: false,
};

export interface Ticket {
  id: string;
  number: string;
  status: string;
  display: string;
  niss: string | null;
  autoIdentified: boolean;
  submittedAt: string;
  decidedAt: string | null;
  failureReason: string | null;
  actionReason: string | null;
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
  actorKind: string;
  details: Record<string, unknown>;
}

export interface RequestData {
  document: {
    type: string;
    number: string;
    issuingCountry: string;
    validUntil: string | null;
    nationalNumber: string | null;
    mrz?: string[];
  };
  person: {
    surname: string;
    givenNames: string;
    birthDate: string;
    sex: 'M' | 'F' | null;
    nationality: string;
    birthPlace?: string | null;
    birthCountry?: string | null;
  };
  [key: string]: unknown;
}

export interface TicketDetail extends Ticket {
  data: RequestData;
  documentId: string | null;
  history: TicketEvent[];
}

export interface OcrField {
  value: string;
  confidence: number;
  source: 'mrz' | 'text';
}

export type MrzChecks = Partial<Record<'documentNumber' | 'birthDate' | 'expiryDate' | 'composite' | 'personalNumber', boolean>>;

/** The worker's analysis; every part may be missing on older analyses, so read it defensively. */
export interface DocumentAnalysis {
  mrz?: { found?: boolean; valid?: boolean; checks?: MrzChecks | null } | null;
  fields?: Partial<Record<string, OcrField>>;
  [key: string]: unknown;
}

export interface DocumentStatus {
  id: string;
  status: string;
  pageCount: number;
  failureCode: string | null;
  analysis: DocumentAnalysis | null;
}

export interface ScoreParts {
  surname: number;
  givenNames: number;
  birthDate: number;
  nationality: number;
  sex: number;
}

export interface Candidate {
  personId: string;
  nationalNumber: string | null;
  surname: string;
  givenNames: string;
  birthDate: string | null;
  birthDateText: string | null;
  sex: string | null;
  nationality: string | null;
  birthPlace: string | null;
  score: number;
  parts: ScoreParts;
  birthDateAgreement: string;
  nationalNumberMatch: boolean;
  namesSwapped: boolean;
  strong: boolean;
}

export interface PrefillChange {
  field: string;
  proposed: string;
  entered: string | null;
}

export interface Review {
  ticket: TicketDetail;
  organisationName: string;
  claimedBy: string | null;
  claimedByName: string | null;
  document: DocumentStatus | null;
  changes: PrefillChange[];
  candidates: Candidate[];
  bisProposedBy: string | null;
  bisProposedByName: string | null;
  bisFourEyes: boolean;
}

export interface BisResult {
  ticket: Ticket;
  proposed: boolean;
}

export interface BulkResult {
  ticketId: string;
  ok: boolean;
  code?: string;
  /** The refusal in the operator's language. */
  message?: string;
}

export interface DayFigures {
  day: string;
  submitted: number;
  autoIdentified: number;
  autoIdentifiedPercent: number | null;
  decided: number;
  medianMinutesToDecision: number | null;
}

export interface Figures {
  days: DayFigures[];
  pending: number;
  inReview: number;
  awaitingReupload: number;
  oldestPendingSubmittedAt: string | null;
}

export interface Organisation {
  id: string;
  name: string;
  enterpriseNumber: string;
  language: string;
  memberCount: number;
}

export interface Member {
  id: string;
  email: string;
  displayName: string;
  role: string;
  language: string;
  createdAt: string;
}

export interface CreateOrganisationRequest {
  name: string;
  enterpriseNumber: string;
  language: string;
}

export interface AddMemberRequest {
  email: string;
  displayName: string;
  role: string;
  language: string;
}
