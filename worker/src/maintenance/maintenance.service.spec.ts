import type { AuditRecord, AuditWriter } from '@sesame/audit';
import type { EntityManager } from 'typeorm';
import type { DiscardedKey, ExpiredCode, MaintenanceRepository } from './maintenance.repository';
import { SYSTEM_ACTOR } from '@sesame/audit';
import { expiryAuditRecord, MaintenanceService } from './maintenance.service';

interface FakeCode {
  id: string;
  personId: string;
  status: 'issued' | 'consumed' | 'expired';
  /** Ended by someone else between the claim and the UPDATE (cannot happen under FOR UPDATE; the guard still holds). */
  endsConcurrently?: boolean;
}

/** An in-memory sweep table: claims take due issued codes in order, each transaction is recorded. */
function fakeRepository(codes: FakeCode[], pendingKeys: DiscardedKey[] = []) {
  const transactions: { claimed: string[]; expired: string[]; lettersDeleted: string[]; audited: AuditRecord[] }[] = [];
  let current: (typeof transactions)[number] | null = null;
  const repository = {
    transaction: async <T>(work: (manager: EntityManager) => Promise<T>): Promise<T> => {
      current = { claimed: [], expired: [], lettersDeleted: [], audited: [] };
      transactions.push(current);
      try {
        return await work({} as EntityManager);
      } finally {
        current = null;
      }
    },
    claimExpiredCodes: async (_manager: EntityManager, limit: number): Promise<string[]> => {
      const ids = codes.filter((code) => code.status === 'issued').slice(0, limit).map((code) => code.id);
      current?.claimed.push(...ids);
      return ids;
    },
    expireCodes: async (_manager: EntityManager, ids: string[]): Promise<ExpiredCode[]> => {
      const ended: ExpiredCode[] = [];
      for (const code of codes.filter((candidate) => ids.includes(candidate.id))) {
        if (code.endsConcurrently) {
          code.status = 'consumed';
          continue;
        }
        if (code.status !== 'issued') continue;
        code.status = 'expired';
        ended.push({ id: code.id, personId: code.personId });
      }
      current?.expired.push(...ended.map((code) => code.id));
      return ended;
    },
    deleteLetters: async (_manager: EntityManager, ids: string[]): Promise<void> => {
      current?.lettersDeleted.push(...ids);
    },
    deletePendingKeysOf: async (_manager: EntityManager, ids: string[]): Promise<DiscardedKey[]> =>
      pendingKeys.filter((key) => ids.includes(key.activationCodeId)),
  };
  const audit = {
    append: async (_manager: EntityManager, record: AuditRecord) => {
      current?.audited.push(record);
      return {};
    },
  };
  const service = new MaintenanceService(repository as unknown as MaintenanceRepository, audit as unknown as AuditWriter);
  return { service, transactions, repository };
}

const due = (count: number, prefix = 'code'): FakeCode[] =>
  Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${i + 1}`, personId: `person-${i + 1}`, status: 'issued' as const }));

describe(MaintenanceService.name, () => {
  it('expires due codes in batches, each batch one transaction with its letters deleted and one audit entry per code', async () => {
    const codes = due(5);
    const { service, transactions } = fakeRepository(codes);
    expect(await service.expireActivationCodes({ batchSize: 2, requestId: 'job:7' })).toBe(5);
    expect(transactions.map((t) => t.expired)).toEqual([['code-1', 'code-2'], ['code-3', 'code-4'], ['code-5']]);
    expect(transactions.map((t) => t.lettersDeleted)).toEqual(transactions.map((t) => t.expired));
    for (const t of transactions) expect(t.audited.map((record) => record.subject?.id)).toEqual(t.expired);
    expect(codes.every((code) => code.status === 'expired')).toBe(true);
    expect(transactions[0].audited[0]).toMatchObject({ actor: SYSTEM_ACTOR, action: 'activation_code.expired', requestId: 'job:7' });
  });

  it('stops after one empty claim when nothing is due, and expires nothing twice when run again', async () => {
    const codes = due(2);
    const { service, transactions } = fakeRepository(codes);
    expect(await service.expireActivationCodes({ batchSize: 2 })).toBe(2);
    // The claim filled the batch: one more (empty) transaction confirms nothing is left.
    expect(transactions).toHaveLength(2);
    expect(await service.expireActivationCodes({ batchSize: 2 })).toBe(0);
    expect(transactions.flatMap((t) => t.audited)).toHaveLength(2);
  });

  it('audits only the codes its UPDATE ended: a code consumed concurrently is neither expired nor audited', async () => {
    const codes = due(3);
    codes[1].endsConcurrently = true;
    const { service, transactions } = fakeRepository(codes);
    expect(await service.expireActivationCodes({ batchSize: 10 })).toBe(2);
    expect(transactions[0].audited.map((record) => record.subject?.id)).toEqual(['code-1', 'code-3']);
    expect(transactions[0].lettersDeleted).toEqual(['code-1', 'code-3']);
    expect(codes[1].status).toBe('consumed');
  });

  it('does not loop when a full batch ends nothing', async () => {
    const codes = due(2).map((code) => ({ ...code, endsConcurrently: true }));
    const { service, repository } = fakeRepository(codes);
    // A claim that keeps answering the same (already ended) ids would otherwise spin forever.
    repository.claimExpiredCodes = async (_manager: EntityManager, limit: number) => codes.slice(0, limit).map((code) => code.id);
    expect(await service.expireActivationCodes({ batchSize: 2 })).toBe(0);
  });

  it('rethrows a failed batch so BullMQ retries the job', async () => {
    const { service, repository } = fakeRepository(due(1));
    repository.deleteLetters = async () => Promise.reject(new Error('connection lost'));
    await expect(service.expireActivationCodes()).rejects.toThrow('connection lost');
  });
});

describe(expiryAuditRecord.name, () => {
  it('names the code, its person and the pending keys discarded with it: ids only', () => {
    const record = expiryAuditRecord(
      { id: 'c1', personId: 'p1' },
      [
        { id: 'k1', activationCodeId: 'c1' },
        { id: 'k2', activationCodeId: 'c2' },
      ],
      null,
    );
    expect(record).toEqual({
      actor: { staffId: null, email: null, role: 'system', municipalityNisCode: null },
      action: 'activation_code.expired',
      subject: { type: 'activation_code', id: 'c1' },
      requestId: null,
      details: { reason: 'ttl', personId: 'p1', discardedKeyIds: ['k1'] },
    });
  });
});
