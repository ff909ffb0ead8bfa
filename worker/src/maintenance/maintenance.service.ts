import { Injectable } from '@nestjs/common';
import { AuditRecord, AuditWriter, SYSTEM_ACTOR } from '@sesame/audit';
import { DiscardedKey, ExpiredCode, MaintenanceRepository } from './maintenance.repository';

/** Codes expired per transaction: bounded lock time and audit-chain lock time per batch. */
export const EXPIRY_BATCH_SIZE = 200;

export interface PurgeCounts {
  staffSessions: number;
  loginThrottles: number;
  outboxMessages: number;
  sentMails: number;
  citizenSessions: number;
  citizenCodes: number;
  smsMessages: number;
}

/** The audit entry of one expired code: ids only, never the code, the e-mail or a name. */
export function expiryAuditRecord(code: ExpiredCode, discardedKeys: readonly DiscardedKey[], requestId: string | null): AuditRecord {
  return {
    actor: SYSTEM_ACTOR,
    action: 'activation_code.expired',
    subject: { type: 'activation_code', id: code.id },
    requestId,
    details: {
      reason: 'ttl',
      personId: code.personId,
      discardedKeyIds: discardedKeys.filter((key) => key.activationCodeId === code.id).map((key) => key.id),
    },
  };
}

/**
 * Housekeeping rules: activation codes past their end become `expired` the way any code ends (ADR
 * 0003: sealed copy wiped and letter deleted in the same transaction, audited), and rows past their
 * retention are deleted. Safe to run on several worker replicas at once and to run again.
 */
@Injectable()
export class MaintenanceService {
  constructor(
    private readonly repository: MaintenanceRepository,
    private readonly audit: AuditWriter,
  ) {}

  /**
   * Expires every issued code past `expires_at`, one transaction per batch, and answers how many this
   * call expired. A batch shorter than `batchSize` means nothing is left (or the rest is locked by
   * another replica or a request, which ends it itself).
   */
  async expireActivationCodes(options: { batchSize?: number; requestId?: string | null } = {}): Promise<number> {
    const batchSize = options.batchSize ?? EXPIRY_BATCH_SIZE;
    const requestId = options.requestId ?? null;
    let total = 0;
    for (;;) {
      const { claimed, expired } = await this.repository.transaction(async (manager) => {
        const ids = await this.repository.claimExpiredCodes(manager, batchSize);
        const codes = await this.repository.expireCodes(manager, ids);
        const endedIds = codes.map((code) => code.id);
        await this.repository.deleteLetters(manager, endedIds);
        const discardedKeys = await this.repository.deletePendingKeysOf(manager, endedIds);
        for (const code of codes) await this.audit.append(manager, expiryAuditRecord(code, discardedKeys, requestId));
        return { claimed: ids.length, expired: codes.length };
      });
      total += expired;
      if (claimed < batchSize || expired === 0) return total;
    }
  }

  /**
   * Deletes uploaded documents (their pages, OCR results and MRZ) once their retention ends; the
   * audit trail keeps the fact (which document, what purpose, when) without the data.
   */
  async purgeDocuments(options: { batchSize?: number; requestId?: string | null; now?: Date } = {}): Promise<number> {
    const batchSize = options.batchSize ?? EXPIRY_BATCH_SIZE;
    let total = 0;
    for (;;) {
      const purged = await this.repository.transaction(async (manager) => {
        const documents = await this.repository.deleteExpiredDocuments(manager, batchSize, options.now);
        for (const document of documents) {
          await this.audit.append(manager, {
            actor: SYSTEM_ACTOR,
            action: 'document.purged',
            subject: { type: 'document', id: document.id },
            requestId: options.requestId ?? null,
            details: { reason: 'retention', purpose: document.purpose, pageCount: document.pageCount },
          });
        }
        return documents.length;
      });
      total += purged;
      if (purged < batchSize) return total;
    }
  }

  /**
   * NISS claims idle for `idleMinutes` go back to the queue, so a ticket an operator left open is not
   * stuck; each release is audited (who held it) in the transaction of the change.
   */
  async releaseIdleClaims(options: { idleMinutes: number; batchSize?: number; requestId?: string | null }): Promise<number> {
    const batchSize = options.batchSize ?? EXPIRY_BATCH_SIZE;
    let total = 0;
    for (;;) {
      const released = await this.repository.transaction(async (manager) => {
        const tickets = await this.repository.releaseIdleClaims(manager, options.idleMinutes, batchSize);
        for (const ticket of tickets) {
          await this.audit.append(manager, {
            actor: SYSTEM_ACTOR,
            action: 'niss_ticket.release',
            subject: { type: 'niss_ticket', id: ticket.id },
            requestId: options.requestId ?? null,
            details: { from: 'in_review', to: 'pending', reason: 'idle', previousHolder: ticket.claimedBy, idleMinutes: options.idleMinutes },
          });
        }
        return tickets.length;
      });
      total += released;
      if (released < batchSize) return total;
    }
  }

  async purgeExpiredRows(): Promise<PurgeCounts> {
    const [staffSessions, loginThrottles, outboxMessages, sentMails, citizenSessions, citizenCodes, smsMessages] = await Promise.all([
      this.repository.purgeStaffSessions(),
      this.repository.purgeLoginThrottles(),
      this.repository.purgeDispatchedOutbox(),
      this.repository.purgeSentMails(),
      this.repository.purgeCitizenSessions(),
      this.repository.purgeCitizenCodes(),
      this.repository.purgeSmsMessages(),
    ]);
    return { staffSessions, loginThrottles, outboxMessages, sentMails, citizenSessions, citizenCodes, smsMessages };
  }
}
