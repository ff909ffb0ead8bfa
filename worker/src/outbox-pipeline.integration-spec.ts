import type { INestApplicationContext } from '@nestjs/common';
import { verifyAuditChain } from '@sesame/audit';
import { AuditEntry, OutboxMessage, SentMail, Staff } from '@sesame/database';
import { JOB_NAMES, QueueRegistry } from '@sesame/jobs';
import { OutboxRelay, OutboxWriter, outboxJobId } from '@sesame/outbox';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ApiHarness, startApi } from '../../test/integration/support/api-harness';
import { ConsoleClient } from '../../test/integration/support/console-client';
import { createStaff, ensureMunicipality, uniqueEmail } from '../../test/integration/support/factories';
import { startWorker } from '../../test/integration/support/worker-harness';
import { startMailCatcher, type MailCatcher } from '../../tools/mail-catcher';
import { HandlerRegistryError } from './runtime/handler-registry';

describe('State change → audit + outbox → BullMQ → worker → SMTP (integration)', () => {
  let catcher: MailCatcher;
  let api: ApiHarness;
  let env: Record<string, string>;
  const workers: INestApplicationContext[] = [];

  beforeAll(async () => {
    catcher = await startMailCatcher({});
    env = { SMTP_URL: catcher.smtpUrl, BULLMQ_PREFIX: `p${randomBytes(5).toString('hex')}` };
    api = await startApi(env);
    await ensureMunicipality(api.dataSource, '21004');
  });
  afterAll(async () => {
    for (const worker of workers) await worker.close();
    await api.close();
    await catcher.stop();
  });

  const runWorker = async (): Promise<INestApplicationContext> => {
    const worker = await startWorker(env);
    workers.push(worker);
    return worker;
  };

  it('writes the change, its audit row and its mail job in one transaction; nothing when the change is refused', async () => {
    const admin = await createStaff(api.app, { roles: ['admin'] });
    const client = new ConsoleClient(api.server, 'fr');
    await client.signIn(admin);
    const email = uniqueEmail('nl-clerk');
    const outboxBefore = await api.dataSource.getRepository(OutboxMessage).count();
    const created = await client.post('/api/staff', { email, displayName: 'Jan Peeters', language: 'nl', roles: ['clerk'], municipalityNisCode: '21004' });
    expect(created.status).toBe(201);
    expect(created.body.initialPassword).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
    const staffId: string = created.body.staff.id;
    expect(await api.dataSource.getRepository(AuditEntry).countBy({ action: 'staff.created', subjectId: staffId })).toBe(1);
    expect(await api.dataSource.getRepository(OutboxMessage).count()).toBe(outboxBefore + 1);

    const auditBefore = await api.dataSource.getRepository(AuditEntry).count();
    const duplicate = await client.post('/api/staff', { email: email.toUpperCase(), displayName: 'Twice', language: 'nl', roles: ['clerk'], municipalityNisCode: '21004' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ code: 'staff.email_taken', message: "Un compte d'agent utilise déjà cette adresse e-mail." });
    const noMunicipality = await client.post('/api/staff', { email: uniqueEmail(), displayName: 'No office', language: 'fr', roles: ['clerk'] });
    expect(noMunicipality.status).toBe(400);
    expect(noMunicipality.body.code).toBe('staff.municipality_required');
    expect(await api.dataSource.getRepository(AuditEntry).count()).toBe(auditBefore);
    expect(await api.dataSource.getRepository(OutboxMessage).count()).toBe(outboxBefore + 1);

    // The worker was not running when the change committed: the job waits in the outbox, then runs.
    await runWorker();
    const mail = await catcher.waitFor((m) => m.to.includes(email), 15_000);
    expect(mail.language).toBe('nl');
    expect(mail.subject).toBe('Uw personeelsaccount bij Sésame');
    expect(mail.text).toContain('Beste Jan Peeters');
    expect(mail.text).toContain('bediende van het registratiekantoor');
    expect(mail.html).toContain('<a href="http://localhost:4300">');
  });

  it('runs a job exactly once when the relay dies after enqueueing and before marking the row', async () => {
    // No other relay may run while this one "crashes".
    for (const worker of workers.splice(0)) await worker.close();
    const writer = api.app.get(OutboxWriter);
    const email = uniqueEmail('once');
    const message = await api.dataSource.transaction((manager) =>
      writer.enqueue(manager, 'mail.send', { template: 'staff-second-factor-reset', to: email, language: 'de', params: { name: 'Anna', url: 'http://localhost:4300' } }),
    );
    // A relay that crashes between queue.add and its commit (the api process hosts this one).
    const crashing = new OutboxRelay(api.dataSource, api.app.get(QueueRegistry), { OUTBOX_BATCH_SIZE: 100, OUTBOX_POLL_INTERVAL_MS: 100 } as never);
    await expect(
      crashing.dispatchBatch(async () => {
        throw new Error('relay killed');
      }),
    ).rejects.toThrow('relay killed');
    const row = await api.dataSource.getRepository(OutboxMessage).findOneByOrFail({ id: message.id });
    expect(row.dispatchedAt).toBeNull();
    expect(await api.app.get(QueueRegistry).get('mail').getJob(outboxJobId(message))).toBeDefined();

    // Another relay (the worker's) picks the row up again: BullMQ ignores the duplicate job id.
    await runWorker();
    const mail = await catcher.waitFor((m) => m.to.includes(email), 15_000);
    expect(mail.subject).toBe('Ihre Authentifizierungs-App für Sésame wurde zurückgesetzt');
    await waitUntil(async () => (await api.dataSource.getRepository(OutboxMessage).findOneByOrFail({ id: message.id })).dispatchedAt !== null);
    await new Promise((r) => setTimeout(r, 500));
    expect(catcher.messages().filter((m) => m.to.includes(email))).toHaveLength(1);
    expect(await api.dataSource.getRepository(SentMail).countBy({ jobId: outboxJobId(message) })).toBe(1);
  });

  it('dispatches again, once, a job Redis lost, and stamps the row handled when the worker is done', async () => {
    for (const worker of workers.splice(0)) await worker.close();
    const queues = api.app.get(QueueRegistry);
    const writer = api.app.get(OutboxWriter);
    const email = uniqueEmail('lost');
    const message = await api.dataSource.transaction((manager) =>
      writer.enqueue(manager, 'mail.send', { template: 'staff-second-factor-reset', to: email, language: 'nl', params: { name: 'Anna', url: 'http://localhost:4300' } }),
    );
    const relay = new OutboxRelay(api.dataSource, queues, { OUTBOX_BATCH_SIZE: 100, OUTBOX_POLL_INTERVAL_MS: 100, OUTBOX_LOST_AFTER_MS: 3_600_000 } as never);
    await relay.drain();
    const rowOf = () => api.dataSource.getRepository(OutboxMessage).findOneByOrFail({ id: message.id });
    expect((await rowOf()).dispatchedAt).not.toBeNull();
    // The relay's first pass checks every unhandled row; the job is there, nothing to do for it.
    await relay.recoverLost();
    expect((await rowOf()).dispatchAttempts).toBe(1);

    // Redis comes back empty: the job and the relay's epoch key are gone.
    await (await queues.get('mail').getJob(outboxJobId(message)))!.remove();
    await queues.redis().del(`${queues.prefix}:sesame:outbox-epoch`);
    const recovered = await relay.recoverLost();
    expect(recovered.redisReset).toBe(true);
    expect(recovered.readded).toBeGreaterThanOrEqual(1);
    expect((await rowOf()).dispatchAttempts).toBe(2);
    expect(await queues.get('mail').getJob(outboxJobId(message))).toBeDefined();

    await runWorker();
    await catcher.waitFor((m) => m.to.includes(email), 15_000);
    await waitUntil(async () => (await rowOf()).handledAt !== null);
    // Handled: a later pass, even a full one, leaves it alone; the mail left once.
    await queues.redis().del(`${queues.prefix}:sesame:outbox-epoch`);
    await relay.recoverLost();
    expect((await rowOf()).dispatchAttempts).toBe(2);
    await new Promise((r) => setTimeout(r, 500));
    expect(catcher.messages().filter((m) => m.to.includes(email))).toHaveLength(1);
  });

  it('refuses to start a worker when a declared job name has no handler', async () => {
    await expect(startWorker(env, [...JOB_NAMES, 'ghost.job'])).rejects.toThrow(HandlerRegistryError);
    await expect(startWorker(env, [...JOB_NAMES, 'ghost.job'])).rejects.toThrow('job "ghost.job" has no handler');
    await expect(startWorker(env, JOB_NAMES.filter((n) => n !== 'mail.send'))).rejects.toThrow('handles "mail.send", which no contract declares');
  });

  it('keeps the audit trail append-only and tamper-evident; audit:verify names the first broken row', async () => {
    await expect(api.dataSource.query(`UPDATE "audit_entry" SET "action" = 'x' WHERE "id" = (SELECT max("id") FROM "audit_entry")`)).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(api.dataSource)).toMatchObject({ ok: true });

    const [target] = await api.dataSource.query<{ id: string; details: unknown }[]>(
      `SELECT "id", "details" FROM "audit_entry" WHERE "action" = 'staff.created' ORDER BY "id" LIMIT 1`,
    );
    const tamper = async (details: unknown) => {
      await api.dataSource.query(`ALTER TABLE "audit_entry" DISABLE TRIGGER "audit_entry_append_only"`);
      try {
        await api.dataSource.query(`UPDATE "audit_entry" SET "details" = $1 WHERE "id" = $2`, [JSON.stringify(details), target.id]);
      } finally {
        await api.dataSource.query(`ALTER TABLE "audit_entry" ENABLE TRIGGER "audit_entry_append_only"`);
      }
    };
    await tamper({ roles: ['admin'] });
    try {
      expect(await verifyAuditChain(api.dataSource)).toMatchObject({ ok: false, firstBrokenId: target.id, reason: 'content_changed' });
      const cli = spawnSync(join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx'), ['tools/audit/verify.ts'], {
        cwd: join(__dirname, '..', '..'),
        env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
        encoding: 'utf8',
      });
      expect(cli.status).toBe(1);
      expect(cli.stderr).toContain(`BROKEN at row id ${target.id}`);
    } finally {
      await tamper(target.details);
    }
    expect(await verifyAuditChain(api.dataSource)).toMatchObject({ ok: true });
    expect(await api.dataSource.getRepository(Staff).count()).toBeGreaterThan(0);
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
