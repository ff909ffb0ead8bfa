import { Injectable } from '@nestjs/common';
import { AuditEntry } from '@sesame/database';
import type { EntityManager } from 'typeorm';
import { AuditContent, auditHash, GENESIS_HASH } from './audit-hash';

/** Who acts: a staff member, a citizen or requester (later flows), or the system itself. */
export interface AuditActor {
  staffId?: string | null;
  email?: string | null;
  role?: string | null;
  municipalityNisCode?: string | null;
}

/** The actor of changes Sésame makes by itself (sweeps, workers): no staff member, no citizen. */
export const SYSTEM_ACTOR: AuditActor = { staffId: null, email: null, role: 'system', municipalityNisCode: null };

export interface AuditRecord {
  actor: AuditActor | null;
  action: string;
  subject?: { type: string; id: string } | null;
  purpose?: string | null;
  requestId?: string | null;
  /** Facts about the change. Never personal data beyond what the action itself needs. */
  details?: Record<string, unknown>;
}

/** Serialises writers of the chain: key of the transaction-scoped advisory lock. */
const AUDIT_CHAIN_LOCK = 0x5e5a_0001;

/**
 * Appends to the audit trail inside the caller's transaction, so the entry exists if and only if
 * the change it describes was committed. Chain order is kept by a transaction-scoped advisory lock.
 */
@Injectable()
export class AuditWriter {
  async append(manager: EntityManager, record: AuditRecord): Promise<AuditEntry> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('AuditWriter.append must run inside a transaction');
    }
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    const [last] = await manager.query<{ hash: string }[]>(
      'SELECT "hash" FROM "audit_entry" ORDER BY "id" DESC LIMIT 1',
    );
    const content: AuditContent = {
      // Millisecond precision: what PostgreSQL returns is what was hashed.
      occurredAt: new Date(Math.floor(Date.now())),
      actorStaffId: record.actor?.staffId ?? null,
      actorEmail: record.actor?.email ?? null,
      actorRole: record.actor?.role ?? null,
      municipalityNisCode: record.actor?.municipalityNisCode ?? null,
      action: record.action,
      subjectType: record.subject?.type ?? null,
      subjectId: record.subject?.id ?? null,
      purpose: record.purpose ?? null,
      requestId: record.requestId ?? null,
      details: record.details ?? {},
    };
    const prevHash = last?.hash ?? GENESIS_HASH;
    const entry = manager.create(AuditEntry, { ...content, prevHash, hash: auditHash(prevHash, content) });
    return manager.save(entry);
  }
}
