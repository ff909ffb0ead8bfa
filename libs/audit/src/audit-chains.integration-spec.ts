import { AuditEntry, dataSourceOptions } from '@sesame/database';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { verifyAuditChain } from './audit-chain';
import { AUDIT_CHAINS, auditChainOf, AuditWriter, SYSTEM_ACTOR } from './audit.writer';

/**
 * The audit trail as AUDIT_CHAINS hash chains (ADR 0008) on the real database: concurrent writers
 * of different chains do not wait for each other, one transaction's entries share a chain, and the
 * verifier still names a removed or changed row.
 */
describe('Audit chains (integration)', () => {
  let dataSource: DataSource;
  const writer = new AuditWriter();

  beforeAll(async () => {
    dataSource = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!, { applicationName: 'sesame-test-audit', poolSize: 12 })).initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
  });

  /** A subject whose entries land in `chain`. */
  function subjectIn(chain: number): { type: string; id: string } {
    for (;;) {
      const subject = { type: 'test_subject', id: randomUUID() };
      if (auditChainOf({ action: 'test.changed', subject }) === chain) return subject;
    }
  }

  const append = (manager: Parameters<AuditWriter['append']>[0], subject: { type: string; id: string }, action = 'test.changed', details: Record<string, unknown> = {}) =>
    writer.append(manager, { actor: SYSTEM_ACTOR, action, subject, details: { test: true, ...details } });

  it('lets a writer of another chain commit while a transaction holds its chain; a writer of the same chain waits', async () => {
    const held = subjectIn(3);
    let release!: () => void;
    const holding = new Promise<void>((resolve) => (release = resolve));
    let appended!: () => void;
    const inside = new Promise<void>((resolve) => (appended = resolve));
    const first = dataSource.transaction(async (manager) => {
      await append(manager, held);
      appended();
      await holding;
    });
    await inside;
    // Another chain: commits at once, while chain 3 is held.
    await dataSource.transaction((manager) => append(manager, subjectIn(7)));
    // The same chain: waits for the holder's commit.
    let sameDone = false;
    const same = dataSource.transaction((manager) => append(manager, subjectIn(3))).then(() => (sameDone = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sameDone).toBe(false);
    release();
    await first;
    await same;
    expect(sameDone).toBe(true);
    expect(await verifyAuditChain(dataSource)).toMatchObject({ ok: true });
  });

  it('keeps every chain whole under 60 concurrent transactions of two entries each, both entries in one chain', async () => {
    const subjects = Array.from({ length: 60 }, () => ({ type: 'test_subject', id: randomUUID() }));
    await Promise.all(
      subjects.map((subject) =>
        dataSource.transaction(async (manager) => {
          await append(manager, subject, 'test.first');
          await append(manager, { type: 'test_other', id: randomUUID() }, 'test.second', { pair: subject.id });
        }),
      ),
    );
    const ids = subjects.map((subject) => subject.id);
    const firsts = await dataSource.query<{ subject_id: string; chain: number }[]>(`SELECT "subject_id", "chain" FROM "audit_entry" WHERE "subject_id" = ANY($1)`, [ids]);
    const seconds = await dataSource.query<{ pair: string; chain: number }[]>(`SELECT "details"->>'pair' AS pair, "chain" FROM "audit_entry" WHERE "details"->>'pair' = ANY($1)`, [ids]);
    expect(firsts).toHaveLength(60);
    expect(seconds).toHaveLength(60);
    expect(new Set(firsts.map((row) => row.chain)).size).toBeGreaterThan(1);
    const secondChain = new Map(seconds.map((row) => [row.pair, row.chain]));
    for (const row of firsts) {
      // The chain of the transaction's first entry, for both of its entries.
      expect({ subject: row.subject_id, chain: row.chain, second: secondChain.get(row.subject_id) }).toEqual({
        subject: row.subject_id,
        chain: auditChainOf({ action: 'test.first', subject: { type: 'test_subject', id: row.subject_id } }),
        second: row.chain,
      });
    }
    const verdict = await verifyAuditChain(dataSource);
    expect(verdict).toMatchObject({ ok: true });
    expect(verdict.ok && verdict.chains).toBeGreaterThan(1);
    expect(AUDIT_CHAINS).toBe(16);
  });

  it('names the row after one removed from the middle of its chain', async () => {
    const subject = subjectIn(11);
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push((await dataSource.transaction((manager) => append(manager, subject))).id);
    const [removed] = await dataSource.query<Record<string, unknown>[]>(`SELECT * FROM "audit_entry" WHERE "id" = $1`, [ids[1]]);
    const untouched = async (work: () => Promise<unknown>) => {
      await dataSource.query(`ALTER TABLE "audit_entry" DISABLE TRIGGER "audit_entry_append_only"`);
      try {
        await work();
      } finally {
        await dataSource.query(`ALTER TABLE "audit_entry" ENABLE TRIGGER "audit_entry_append_only"`);
      }
    };
    await untouched(() => dataSource.query(`DELETE FROM "audit_entry" WHERE "id" = $1`, [ids[1]]));
    try {
      expect(await verifyAuditChain(dataSource)).toMatchObject({ ok: false, firstBrokenId: ids[2], reason: 'chain_broken' });
    } finally {
      // Put back as it was, id included (an insert through the entity would draw a new id).
      await untouched(() => dataSource.query(`INSERT INTO "audit_entry" SELECT * FROM json_populate_record(NULL::"audit_entry", $1::json)`, [JSON.stringify(removed)]));
    }
    expect(await verifyAuditChain(dataSource)).toMatchObject({ ok: true });
  });
});
