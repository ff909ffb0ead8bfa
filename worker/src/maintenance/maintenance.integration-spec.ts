import { Test, TestingModule } from '@nestjs/testing';
import { AuditModule, verifyAuditChain } from '@sesame/audit';
import { ConfigModule } from '@sesame/config';
import {
  ActivationCode,
  ActivationLetter,
  AuditEntry,
  CitizenCode,
  CitizenSession,
  DatabaseModule,
  DigitalKey,
  Document,
  DocumentPage,
  NissTicket,
  NissTicketEvent,
  OrganisationMember,
  SmsMessage,
} from '@sesame/database';
import { JobsModule, QueueRegistry } from '@sesame/jobs';
import type { Job } from 'bullmq';
import { randomBytes, randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { createActivationCode, createActiveKey, TestActivationCode, uniquePhone } from '../../../test/integration/support/activation-factory';
import { ApiHarness, startApi } from '../../../test/integration/support/api-harness';
import { createStaff } from '../../../test/integration/support/factories';
import { createOrganisation } from '../../../test/integration/support/niss-factory';
import { MaintenanceHandlers } from './maintenance.handlers';
import { MaintenanceModule } from './maintenance.module';
import { MaintenanceService } from './maintenance.service';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const ago = (ms: number): Date => new Date(Date.now() - ms);
const ahead = (ms: number): Date => new Date(Date.now() + ms);

/**
 * One worker replica's maintenance part (config, database, queues, audit, maintenance) without the
 * queue runners, so the sweep runs only when the spec calls it.
 */
async function startSweeper(env: Record<string, string>): Promise<TestingModule> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const moduleRef = await Test.createTestingModule({ imports: [ConfigModule, DatabaseModule, JobsModule, AuditModule, MaintenanceModule] }).compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
    return moduleRef;
  } finally {
    process.env = saved;
  }
}

describe('Maintenance sweep: activation codes expire, expired rows are purged (integration)', () => {
  let api: ApiHarness;
  const sweepers: TestingModule[] = [];

  beforeAll(async () => {
    const env = { BULLMQ_PREFIX: `m${randomBytes(5).toString('hex')}` };
    api = await startApi(env);
    sweepers.push(await startSweeper(env), await startSweeper(env));
  });
  afterAll(async () => {
    for (const sweeper of sweepers) await sweeper.close();
    await api?.close();
  });

  const job = (id: string): Job => ({ id }) as Job;
  const codeRow = (id: string) => api.dataSource.getRepository(ActivationCode).findOneByOrFail({ id });
  const letters = (id: string) => api.dataSource.getRepository(ActivationLetter).countBy({ activationCodeId: id });
  const expiryEntries = (ids: string[]) =>
    api.dataSource.getRepository(AuditEntry).find({ where: { action: 'activation_code.expired', subjectId: In(ids) }, order: { id: 'ASC' } });
  const createDueCode = (): Promise<TestActivationCode> => createActivationCode(api.app, { expiresAt: ago(HOUR) });

  /** A pending key being enrolled with `code`: its session and a live SMS registration code. */
  async function enrolPendingKey(code: TestActivationCode): Promise<string> {
    const id = randomUUID();
    await api.dataSource.getRepository(DigitalKey).insert({
      id,
      personId: code.person.id,
      activationCodeId: code.id,
      kind: 'sms_code',
      status: 'pending',
      email: code.email,
      username: `pending.${randomBytes(4).toString('hex')}`,
      passwordHash: '$argon2id$placeholder',
      phone: uniquePhone(),
    });
    await api.dataSource.getRepository(CitizenSession).insert({
      tokenHash: randomBytes(32).toString('hex'),
      digitalKeyId: id,
      activationCodeId: code.id,
      stage: 'enrolling',
      enrolmentStep: 'confirm',
      lastSeenAt: new Date(),
      expiresAt: ahead(HOUR),
    });
    await api.dataSource.getRepository(CitizenCode).insert({
      digitalKeyId: id,
      purpose: 'registration',
      channel: 'sms',
      codeHash: randomBytes(32).toString('hex'),
      status: 'live',
      expiresAt: ahead(5 * 60 * 1000),
    });
    return id;
  }

  it('schedules itself every 15 minutes on the maintenance queue', async () => {
    const scheduler = await sweepers[0].get(QueueRegistry).get('maintenance').getJobScheduler('purge-expired');
    expect(scheduler).toMatchObject({ every: 15 * 60 * 1000, name: 'maintenance.purge-expired' });
  });

  it('expires due codes as any code ends (sealed copy wiped, letter and pending key deleted, audited), and touches no other code', async () => {
    const due = await createDueCode();
    const dueKeyId = await enrolPendingKey(due);
    const dueBefore = await codeRow(due.id);
    const live = await createActivationCode(api.app);
    const liveKeyId = await enrolPendingKey(live);
    const consumed = await createActivationCode(api.app, { status: 'consumed', expiresAt: ago(HOUR) });
    const revoked = await createActivationCode(api.app, { status: 'revoked', expiresAt: ago(HOUR) });
    expect(dueBefore.letterCodeSealed).not.toBeNull();
    expect(await letters(due.id)).toBe(1);

    await sweepers[0].get(MaintenanceHandlers).purgeExpired({}, job('sweep-1'));

    const expired = await codeRow(due.id);
    expect(expired).toMatchObject({ status: 'expired', letterCodeSealed: null, endReason: 'ttl', version: dueBefore.version + 1 });
    expect(expired.endedAt).not.toBeNull();
    expect(expired.updatedAt.getTime()).toBeGreaterThan(dueBefore.updatedAt.getTime());
    expect(await letters(due.id)).toBe(0);
    expect(await api.dataSource.getRepository(DigitalKey).countBy({ id: dueKeyId })).toBe(0);
    expect(await api.dataSource.getRepository(CitizenSession).countBy({ digitalKeyId: dueKeyId })).toBe(0);
    expect(await api.dataSource.getRepository(CitizenCode).countBy({ digitalKeyId: dueKeyId })).toBe(0);

    const [entry, ...others] = await expiryEntries([due.id, live.id, consumed.id, revoked.id]);
    expect(others).toHaveLength(0);
    expect(entry).toMatchObject({
      actorStaffId: null,
      actorEmail: null,
      actorRole: 'system',
      subjectType: 'activation_code',
      subjectId: due.id,
      requestId: 'job:sweep-1',
      details: { reason: 'ttl', personId: due.person.id, discardedKeyIds: [dueKeyId] },
    });
    const details = JSON.stringify(entry.details);
    for (const secret of [due.code, due.email, due.person.surname, due.token]) expect(details).not.toContain(secret);
    expect(await verifyAuditChain(api.dataSource)).toMatchObject({ ok: true });

    // The live code, its letter and its enrolment are untouched; so are codes that had already ended.
    expect(await codeRow(live.id)).toMatchObject({ status: 'issued', endedAt: null, version: 1 });
    expect((await codeRow(live.id)).letterCodeSealed).not.toBeNull();
    expect(await letters(live.id)).toBe(1);
    expect(await api.dataSource.getRepository(DigitalKey).findOneByOrFail({ id: liveKeyId })).toMatchObject({ status: 'pending' });
    expect(await api.dataSource.getRepository(CitizenSession).countBy({ digitalKeyId: liveKeyId })).toBe(1);
    expect(await codeRow(consumed.id)).toMatchObject({ status: 'consumed', endReason: 'test' });
    expect(await codeRow(revoked.id)).toMatchObject({ status: 'revoked', endReason: 'test' });

    // Running again changes nothing and audits nothing more.
    const auditRows = await api.dataSource.getRepository(AuditEntry).count();
    await sweepers[0].get(MaintenanceHandlers).purgeExpired({}, job('sweep-2'));
    expect(await expiryEntries([due.id])).toHaveLength(1);
    expect(await codeRow(due.id)).toMatchObject({ status: 'expired', version: expired.version });
    expect(await codeRow(live.id)).toMatchObject({ status: 'issued', version: 1 });
    expect(await api.dataSource.getRepository(AuditEntry).count()).toBe(auditRows);
  });

  it('leaves a code a request holds to that request: one consumed meanwhile is never marked expired', async () => {
    const due = await createDueCode();
    const runner = api.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      // What the activation does: lock the code, consume it (wiping the sealed copy), delete the letter.
      await runner.query(`SELECT 1 FROM "activation_code" WHERE "id" = $1 FOR UPDATE`, [due.id]);
      const sweeping = sweepers[0].get(MaintenanceService).expireActivationCodes();
      await runner.query(
        `UPDATE "activation_code" SET "status" = 'consumed', "letter_code_sealed" = NULL, "ended_at" = now(), "end_reason" = 'activated' WHERE "id" = $1`,
        [due.id],
      );
      await runner.query(`DELETE FROM "activation_letter" WHERE "activation_code_id" = $1`, [due.id]);
      // SKIP LOCKED: the sweep does not wait for the request, and does not take its code.
      await sweeping;
      expect(await codeRow(due.id)).toMatchObject({ status: 'issued' });
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
    await sweepers[0].get(MaintenanceService).expireActivationCodes();
    expect(await codeRow(due.id)).toMatchObject({ status: 'consumed', endReason: 'activated' });
    expect(await expiryEntries([due.id])).toHaveLength(0);
  });

  it('two replicas sweeping at once expire each code once, in batches', async () => {
    const codes = await Promise.all(Array.from({ length: 9 }, () => createDueCode()));
    const ids = codes.map((code) => code.id);
    const counts = await Promise.all(sweepers.map((sweeper) => sweeper.get(MaintenanceService).expireActivationCodes({ batchSize: 2 })));
    expect(counts[0] + counts[1]).toBeGreaterThanOrEqual(ids.length);
    const entries = await expiryEntries(ids);
    expect(entries.map((entry) => entry.subjectId).sort()).toEqual([...ids].sort());
    const rows = await api.dataSource.getRepository(ActivationCode).findBy({ id: In(ids) });
    expect(rows.every((row) => row.status === 'expired' && row.letterCodeSealed === null && row.version === 2)).toBe(true);
    expect(await api.dataSource.getRepository(ActivationLetter).countBy({ activationCodeId: In(ids) })).toBe(0);
    expect(await verifyAuditChain(api.dataSource)).toMatchObject({ ok: true });
  });

  it('purges expired citizen sessions, citizen codes ended or expired over a day ago and SMS rows over 7 days old; keeps fresh rows', async () => {
    const key = await createActiveKey(api.app, { kind: 'sms_code' });
    const session = (expiresAt: Date) => ({
      tokenHash: randomBytes(32).toString('hex'),
      digitalKeyId: key.id,
      stage: 'authenticated' as const,
      lastSeenAt: ago(HOUR),
      expiresAt,
    });
    const [expiredSession, liveSession] = [session(ago(1000)), session(ahead(HOUR))];
    await api.dataSource.getRepository(CitizenSession).insert([expiredSession, liveSession]);

    const code = (fields: Partial<CitizenCode>): Partial<CitizenCode> => ({
      id: randomUUID(),
      digitalKeyId: key.id,
      purpose: 'login',
      channel: 'sms',
      codeHash: randomBytes(32).toString('hex'),
      status: 'used',
      ...fields,
    });
    const citizenCodes = {
      usedLongAgo: code({ status: 'used', expiresAt: ago(2 * DAY - HOUR), endedAt: ago(2 * DAY) }),
      lockedYesterday: code({ status: 'locked', expiresAt: ago(25 * HOUR - 60_000), endedAt: ago(25 * HOUR) }),
      liveExpiredLongAgo: code({ status: 'live', purpose: 'registration', expiresAt: ago(2 * DAY), endedAt: null }),
      voidedToday: code({ status: 'voided', expiresAt: ago(HOUR), endedAt: ago(2 * HOUR) }),
      expiredToday: code({ status: 'used', expiresAt: ago(23 * HOUR), endedAt: ago(23 * HOUR) }),
      live: code({ status: 'live', expiresAt: ahead(5 * 60 * 1000), endedAt: null }),
    };
    await api.dataSource.getRepository(CitizenCode).insert(Object.values(citizenCodes));

    const sms = (sentAt: Date): Partial<SmsMessage> => ({
      jobId: `outbox-${randomUUID()}`,
      toPhone: key.phone as string,
      template: 'citizen-login-code',
      language: 'fr',
      provider: 'dev-outbox',
      body: 'Sésame: 123456',
      sentAt,
    });
    const [oldSms, recentSms] = [sms(ago(7 * DAY + HOUR)), sms(ago(6 * DAY))];
    await api.dataSource.getRepository(SmsMessage).insert([oldSms, recentSms]);

    const remaining = async () => ({
      sessions: (await api.dataSource.getRepository(CitizenSession).findBy({ digitalKeyId: key.id })).map((row) => row.tokenHash),
      codes: (await api.dataSource.getRepository(CitizenCode).findBy({ digitalKeyId: key.id })).map((row) => row.id).sort(),
      sms: (await api.dataSource.getRepository(SmsMessage).findBy({ jobId: In([oldSms.jobId, recentSms.jobId]) })).map((row) => row.jobId),
    });
    const expected = {
      sessions: [liveSession.tokenHash],
      codes: [citizenCodes.voidedToday.id, citizenCodes.expiredToday.id, citizenCodes.live.id].sort(),
      sms: [recentSms.jobId],
    };

    await sweepers[1].get(MaintenanceHandlers).purgeExpired({}, job('sweep-3'));
    expect(await remaining()).toEqual(expected);
    // Idempotent: a second pass finds nothing more to delete.
    await sweepers[1].get(MaintenanceHandlers).purgeExpired({}, job('sweep-4'));
    expect(await remaining()).toEqual(expected);
    expect(await api.dataSource.getRepository(DigitalKey).findOneByOrFail({ id: key.id })).toMatchObject({ status: 'active' });
  });

  it('deletes documents past their retention with their pages, and keeps the fact in the audit trail without the data', async () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    const document = (retainUntil: Date): Partial<Document> => ({
      id: randomUUID(),
      purpose: 'desk_mrz_scan',
      status: 'processed',
      pageCount: 1,
      analysis: { pages: [], mrz: { found: true, lines: ['P<BELDOE<<JANE'], format: 'TD3', valid: true, confidence: 90 }, durationMs: 1 },
      retainUntil,
    });
    const [old, fresh] = [document(ago(HOUR)), document(ahead(HOUR))];
    await api.dataSource.getRepository(Document).insert([old, fresh]);
    await api.dataSource
      .getRepository(DocumentPage)
      .insert([old, fresh].map((d) => ({ documentId: d.id, pageNumber: 1, contentType: 'image/png' as const, byteSize: 8, sha256: '0'.repeat(64), width: 1, height: 1, content: png })));

    await sweepers[0].get(MaintenanceHandlers).purgeExpired({}, job('sweep-docs'));

    expect(await api.dataSource.getRepository(Document).countBy({ id: old.id })).toBe(0);
    expect(await api.dataSource.getRepository(DocumentPage).countBy({ documentId: old.id })).toBe(0);
    expect(await api.dataSource.getRepository(Document).countBy({ id: fresh.id })).toBe(1);
    const entries = await api.dataSource.getRepository(AuditEntry).findBy({ action: 'document.purged', subjectId: old.id });
    expect(entries).toHaveLength(1);
    expect(entries[0].details).toEqual({ reason: 'retention', purpose: 'desk_mrz_scan', pageCount: 1 });
    expect(JSON.stringify(entries[0])).not.toContain('JANE');
    expect((await verifyAuditChain(api.dataSource)).ok).toBe(true);
  });

  it('gives NISS tickets claimed and left idle back to the queue, audited, and leaves live claims alone', async () => {
    const organisation = await createOrganisation(api.dataSource);
    const member = await api.dataSource.getRepository(OrganisationMember).save({ organisationId: organisation.id, email: `${randomUUID()}@org.test`, displayName: 'Requester', role: 'requester' as const, language: 'fr' });
    const operator = await createStaff(api.app, { roles: ['niss_operator'] });
    const ticket = (number: string, touched: Date) => ({
      number,
      status: 'in_review' as const,
      organisationId: organisation.id,
      requestedBy: member.id,
      data: { person: { surname: 'Idle', givenNames: 'Claim', birthDate: '1990', sex: null, nationality: 'MAR', birthPlace: null, birthCountry: null } } as never,
      documentType: 'passport' as const,
      nationality: 'MAR',
      language: 'fr',
      submittedAt: ago(3 * HOUR),
      claimedBy: operator.id,
      claimedAt: touched,
      claimTouchedAt: touched,
    });
    const suffix = randomBytes(3).toString('hex');
    const [idle, live] = await api.dataSource.getRepository(NissTicket).save([ticket(`IDLE-${suffix}`, ago(2 * HOUR)), ticket(`LIVE-${suffix}`, ago(60_000))]);

    const released = await sweepers[0].get(MaintenanceService).releaseIdleClaims({ idleMinutes: 30, requestId: 'job:idle-1' });
    expect(released).toBeGreaterThanOrEqual(1);
    expect(await api.dataSource.getRepository(NissTicket).findOneByOrFail({ id: idle!.id })).toMatchObject({ status: 'pending', claimedBy: null, claimTouchedAt: null });
    expect(await api.dataSource.getRepository(NissTicket).findOneByOrFail({ id: live!.id })).toMatchObject({ status: 'in_review', claimedBy: operator.id });
    const events = await api.dataSource.getRepository(NissTicketEvent).findBy({ ticketId: idle!.id });
    expect(events.map((e) => [e.action, e.fromStatus, e.toStatus, e.actorKind, e.details])).toEqual([['release', 'in_review', 'pending', 'system', { reason: 'idle' }]]);
    const [entry] = await api.dataSource.getRepository(AuditEntry).find({ where: { subjectId: idle!.id } });
    expect(entry).toMatchObject({ action: 'niss_ticket.release', actorRole: 'system', requestId: 'job:idle-1', details: { reason: 'idle', previousHolder: operator.id } });
    expect((await verifyAuditChain(api.dataSource)).ok).toBe(true);
  });
});
