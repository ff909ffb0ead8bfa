import { createHash } from 'node:crypto';

/** The hash of the row before the first one. */
export const GENESIS_HASH = '0'.repeat(64);

/** The audited content of a row: everything but its own id and hashes. */
export interface AuditContent {
  occurredAt: Date;
  actorStaffId: string | null;
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

/** JSON with object keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 over the previous hash and the canonical content (hex). */
export function auditHash(prevHash: string, content: AuditContent): string {
  // Only the content fields: an entity read back also carries id and hashes, which are not hashed.
  const normalised = {
    occurredAt: content.occurredAt.toISOString(),
    actorStaffId: content.actorStaffId,
    actorEmail: content.actorEmail,
    actorRole: content.actorRole,
    municipalityNisCode: content.municipalityNisCode?.trim() ?? null,
    action: content.action,
    subjectType: content.subjectType,
    subjectId: content.subjectId,
    purpose: content.purpose,
    requestId: content.requestId,
    details: content.details,
  };
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(normalised)).digest('hex');
}
