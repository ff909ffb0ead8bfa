export interface AuditEntry {
  /** A bigint, as a string. */
  id: string;
  occurredAt: string;
  actorEmail: string | null;
  actorRole: string | null;
  municipalityNisCode: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  purpose: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

export interface AuditPage {
  items: AuditEntry[];
  total: number;
  page: number;
  pageSize: number;
}

export interface AuditFilters {
  actor: string;
  action: string;
  subject: string;
  /** `YYYY-MM-DD` or empty. */
  from: string;
  /** `YYYY-MM-DD` or empty. */
  to: string;
}

export const EMPTY_AUDIT_FILTERS: AuditFilters = { actor: '', action: '', subject: '', from: '', to: '' };
