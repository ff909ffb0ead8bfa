import { Injectable } from '@nestjs/common';
import { AuditEntry } from '@sesame/database';
import { createHash } from 'node:crypto';
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

/** How many hash chains the trail is split into: writers of different chains do not wait for each other. */
export const AUDIT_CHAINS = 16;
/** First key of the two-key transaction-scoped advisory lock of a chain (the second is the chain). */
const AUDIT_CHAIN_LOCK = 0x5e5a;

/** The chain of a transaction's entries: chosen by its first entry's subject (or action), kept for the rest. */
export function auditChainOf(record: Pick<AuditRecord, 'action' | 'subject'>): number {
  const key = record.subject ? `${record.subject.type}:${record.subject.id}` : record.action;
  return createHash('sha256').update(key).digest()[0]! % AUDIT_CHAINS;
}

/**
 * Appends to the audit trail inside the caller's transaction, so the entry exists if and only if
 * the change it describes was committed. The trail is AUDIT_CHAINS hash chains (ADR 0008); within a
 * chain, order is commit order, kept by a transaction-scoped advisory lock on that chain. All entries
 * of one transaction go to one chain, so a transaction holds one chain lock and two transactions
 * never wait for each other's chains crosswise.
 */
@Injectable()
export class AuditWriter {
  async append(manager: EntityManager, record: AuditRecord): Promise<AuditEntry> {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) {
      throw new Error('AuditWriter.append must run inside a transaction');
    }
    const data = runner.data as { auditChain?: number };
    const chain = (data.auditChain ??= auditChainOf(record));
    await manager.query('SELECT pg_advisory_xact_lock($1, $2)', [AUDIT_CHAIN_LOCK, chain]);
    const [last] = await manager.query<{ hash: string }[]>(
      'SELECT "hash" FROM "audit_entry" WHERE "chain" = $1 ORDER BY "id" DESC LIMIT 1',
      [chain],
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
    const entry = manager.create(AuditEntry, { ...content, chain, prevHash, hash: auditHash(prevHash, content) });
    return manager.save(entry);
  }
}
