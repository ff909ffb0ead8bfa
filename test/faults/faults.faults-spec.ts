import { verifyAuditChain } from '@sesame/audit';
import { dataSourceOptions, Organisation, OrganisationMember, VideoAvailabilityPattern } from '@sesame/database';
import { brusselsDate } from '@sesame/domain';
import { Queue } from 'bullmq';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { addDays } from '../../api/src/video/brussels-time';
import { BenchHttpClient } from '../../bench/video-clients';
import { createTestPki, type TestPki } from '../../tools/beid-emulator';
import { ROOT } from '../../tools/dev/processes';
import { createActiveKey } from '../integration/support/activation-factory';
import { startApi } from '../integration/support/api-harness';
import { createStaff } from '../integration/support/factories';
import { uniqueEnterpriseNumber } from '../integration/support/niss-factory';
import { formatFinding, scanLogFiles } from '../support/log-scan';
import { FaultSystem, FAULT_LOG_DIR } from './fault-system';
import { deskFlow, idCopy, nissFlow, Recorder, videoFlow } from './traffic';

/**
 * Nothing lost (issue 6): real traffic through the three flows while the worker is killed, Redis
 * loses its connections and then restarts empty, PostgreSQL restarts, and the api is killed with
 * outbox rows waiting; then every state change, audit row, job and mail is accounted for.
 * `npm test` runs it bounded (FAULT_PHASE_SECONDS=4, one round); `npm run test:faults` longer.
 */
const PHASE_MS = Number(process.env.FAULT_PHASE_SECONDS ?? 4) * 1000;
const ROUNDS = Number(process.env.FAULT_ROUNDS ?? 1);
const CLIENTS = Number(process.env.FAULT_CLIENTS ?? 2);
/** Pause between two uploads of one NISS or video client: the OCR worker (one per spare core) must keep up. */
const UPLOAD_PAUSE_MS = Number(process.env.FAULT_UPLOAD_PAUSE_MS ?? 1500);
/** How long the jobs left after the traffic (the OCR backlog above all) may take to finish. */
const SETTLE_MS = Number(process.env.FAULT_SETTLE_SECONDS ?? 300) * 1000;
const log = (message: string): void => {
  if (process.env.SESAME_TEST_VERBOSE) console.log(`[faults] ${message}`);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

jest.setTimeout(30 * 60 * 1000);

describe('Faults: nothing lost across worker, Redis, PostgreSQL and api failures', () => {
  let system: FaultSystem;
  let checks: DataSource;
  let pki: TestPki;
  const recorder = new Recorder();
  const healthDuringOutage: Record<string, number[]> = {};
  const recovery: Record<string, number> = {};
  let undispatchedAtApiKill = 0;
  let workerKills = 0;
  let apiPid: number | undefined;

  beforeAll(async () => {
    system = await FaultSystem.start(log);
    const migrator = await new DataSource(dataSourceOptions(system.env.DATABASE_URL!, { applicationName: 'sesame-faults-migrate', poolSize: 1 })).initialize();
    await migrator.runMigrations({ transaction: 'each' });
    await migrator.destroy();
    pki = await createTestPki(join(ROOT, '.data', 'beid-test-pki'));
    await system.startApi();
    await system.startWorker();
  });
  afterAll(async () => {
    await checks?.destroy().catch(() => undefined);
    await system?.stop();
  });

  it('drives the three flows through every fault and loses, duplicates and strands nothing', async () => {
    // ── the actors, written through the api's own services (an in-process api on the same database)
    const fixtures = await startApi(system.env);
    const clerks = await Promise.all(Array.from({ length: CLIENTS }, () => createStaff(fixtures.app, { roles: ['clerk'], municipalityNisCode: '21004' })));
    const organisation = await fixtures.dataSource.getRepository(Organisation).save({ name: 'Fault Employer', enterpriseNumber: uniqueEnterpriseNumber(), language: 'fr' });
    const requesterKeys: Awaited<ReturnType<typeof createActiveKey>>[] = [];
    for (let i = 0; i < CLIENTS; i += 1) {
      const key = await createActiveKey(fixtures.app, { kind: 'totp' });
      await fixtures.dataSource.getRepository(OrganisationMember).save({ organisationId: organisation.id, email: key.email, displayName: `Requester ${i}`, role: 'requester', language: 'fr' });
      requesterKeys.push(key);
    }
    const agents = await Promise.all([0, 1].map(() => createStaff(fixtures.app, { roles: ['video_agent'] })));
    const validFrom = brusselsDate(new Date());
    for (const agent of agents) {
      for (let weekday = 1; weekday <= 7; weekday += 1) {
        await fixtures.dataSource.getRepository(VideoAvailabilityPattern).insert({ agentId: agent.id, weekday, startTime: '08:00', endTime: '20:00', slotMinutes: 20, validFrom, validUntil: addDays(validFrom, 110), createdBy: agent.id });
      }
    }
    await fixtures.close();

    const deskClients = await Promise.all(
      clerks.map(async (clerk) => {
        const client = new BenchHttpClient(system.baseUrl);
        await client.signIn(clerk.email, clerk.password, clerk.totpSecret!);
        return client;
      }),
    );
    const requesterClients = await Promise.all(
      requesterKeys.map(async (key) => {
        const client = new BenchHttpClient(system.baseUrl);
        await client.get('/api/citizen/csrf');
        expect((await client.post('/api/citizen/login', { username: key.username, password: key.password })).status).toBe(200);
        const { generate } = await import('otplib');
        expect((await client.post('/api/citizen/login/verify', { code: await generate({ secret: key.totpSecret! }) })).status).toBe(200);
        return client;
      }),
    );

    // ── traffic, all along
    let running = true;
    const picture = idCopy();
    const traffic = [
      ...deskClients.map((client) => deskFlow(client, pki, recorder, () => running)),
      ...requesterClients.map((client) => nissFlow(client, picture, recorder, () => running, UPLOAD_PAUSE_MS)),
      ...Array.from({ length: CLIENTS }, () => videoFlow(system.baseUrl, () => system.database(), picture, recorder, () => running, UPLOAD_PAUSE_MS)),
    ];
    apiPid = system.api?.pid;

    /** How long until the api answers /health 200 again, polled every 100 ms. */
    const timeToHealthy = async (label: string): Promise<void> => {
      const started = Date.now();
      while ((await system.health()) !== 200) {
        if (Date.now() - started > 60_000) throw new Error(`${label}: the api did not recover within 60 s`);
        await sleep(100);
      }
      recovery[label] = Date.now() - started;
    };
    /** /health while a dependency is down (three probes). */
    const probeOutage = async (label: string): Promise<void> => {
      healthDuringOutage[label] = [];
      for (let i = 0; i < 3; i += 1) {
        healthDuringOutage[label].push(await system.health());
        await sleep(300);
      }
    };

    await sleep(PHASE_MS);
    for (let round = 1; round <= ROUNDS; round += 1) {
      recorder.enter(`worker SIGKILL (${round})`);
      await system.kill(system.worker);
      workerKills += 1;
      await sleep(1000);
      await system.startWorker();
      await sleep(PHASE_MS);

      recorder.enter(`Redis connections dropped (${round})`);
      await system.dropRedisConnections();
      await timeToHealthy(`Redis connections dropped (${round})`);
      await sleep(PHASE_MS);

      recorder.enter(`Redis restart, empty (${round})`);
      await system.stopRedis();
      await probeOutage(`Redis down (${round})`);
      await system.startRedis();
      await timeToHealthy(`Redis restart (${round})`);
      await sleep(PHASE_MS);

      recorder.enter(`PostgreSQL restart (${round})`);
      await system.stopPostgres();
      await probeOutage(`PostgreSQL down (${round})`);
      await sleep(1000);
      await system.startPostgres(log);
      await timeToHealthy(`PostgreSQL restart (${round})`);
      await sleep(PHASE_MS);

      // The Redis and PostgreSQL faults were survived by the same api process: no restart needed.
      expect({ pid: system.api?.pid, exitCode: system.api?.exitCode }).toEqual({ pid: apiPid, exitCode: null });

      recorder.enter(`api SIGKILL, outbox waiting (${round})`);
      await system.kill(system.worker);
      workerKills += 1;
      await sleep(PHASE_MS / 2);
      const probe = system.database();
      await probe.connect();
      undispatchedAtApiKill += Number((await probe.query(`SELECT count(*) AS n FROM outbox_message WHERE dispatched_at IS NULL`)).rows[0].n);
      await probe.end();
      await system.kill(system.api);
      await sleep(1000);
      await system.startApi();
      await system.startWorker();
      apiPid = system.api?.pid;
      await sleep(PHASE_MS);
    }
    recorder.enter('after the faults');
    await sleep(PHASE_MS);
    running = false;
    await Promise.all(traffic);

    // ── settle: every due job handled, no document or copy waiting for its analysis
    checks = await new DataSource(dataSourceOptions(system.env.DATABASE_URL!, { applicationName: 'sesame-faults-check', poolSize: 2 })).initialize();
    const count = async (sql: string): Promise<number> => Number((await checks.query<{ n: string }[]>(sql))[0]!.n);
    const settleStarted = Date.now();
    for (;;) {
      const waiting =
        (await count(`SELECT count(*) AS n FROM outbox_message WHERE handled_at IS NULL AND available_at <= now()`)) +
        (await count(`SELECT count(*) AS n FROM document WHERE status = 'received'`)) +
        (await count(`SELECT count(*) AS n FROM appointment WHERE copy_status = 'checking' AND status = 'requested'`));
      if (waiting === 0) break;
      if (Date.now() - settleStarted > SETTLE_MS) break; // the assertions below say what is left
      await sleep(500);
    }
    const settleMs = Date.now() - settleStarted;
    await sleep(1000); // the last mails' SMTP round trips

    // ── what the run did
    const stateChanges = await count(`SELECT count(*) AS n FROM audit_entry`);
    const figures = {
      activationCodes: await count(`SELECT count(*) AS n FROM activation_code c JOIN identity_evidence e ON e.id = c.evidence_id WHERE e.kind = 'beid_card'`),
      nissTickets: await count(`SELECT count(*) AS n FROM niss_ticket`),
      appointments: await count(`SELECT count(*) AS n FROM appointment`),
      documentsAnalysed: await count(`SELECT count(*) AS n FROM document WHERE status IN ('processed', 'failed')`),
      outboxRows: await count(`SELECT count(*) AS n FROM outbox_message`),
      outboxRedispatched: await count(`SELECT count(*) AS n FROM outbox_message WHERE dispatch_attempts > 1`),
    };

    // Exactly one audit row per state change, and no audit row without its subject (orphans).
    const oneAuditEach: [string, string, string][] = [
      // Codes issued at the desk (the requesters' keys of the fixtures were written without the desk).
      ['activation_code', 'activation_code.issued', `SELECT c.id FROM activation_code c JOIN identity_evidence e ON e.id = c.evidence_id WHERE e.kind = 'beid_card'`],
      ['niss_ticket', 'niss_ticket.submit', `SELECT id FROM niss_ticket`],
      ['appointment', 'appointment.requested', `SELECT id FROM appointment`],
      ['appointment', 'appointment.confirm', `SELECT id FROM appointment WHERE confirmed_at IS NOT NULL`],
      ['document', 'document.analysed', `SELECT id FROM document WHERE status = 'processed'`],
      ['appointment', 'appointment.copy_uploaded', `SELECT a.id FROM appointment a WHERE a.id_document_id IS NOT NULL`],
    ];
    const auditProblems: string[] = [];
    for (const [subjectType, action, subjects] of oneAuditEach) {
      const wrong = await checks.query<{ id: string; n: string }[]>(
        `SELECT s.id, (SELECT count(*) FROM audit_entry e WHERE e.subject_type = $1 AND e.action = $2 AND e.subject_id = s.id::text) AS n FROM (${subjects}) s`,
        [subjectType, action],
      );
      const notOne = wrong.filter((row) => (action === 'appointment.copy_uploaded' ? Number(row.n) < 1 : Number(row.n) !== 1));
      if (notOne.length) auditProblems.push(`${action}: ${notOne.length} subject(s) without exactly one entry (e.g. ${notOne[0]!.id}: ${notOne[0]!.n})`);
      const orphans = await count(
        `SELECT count(*) AS n FROM audit_entry e WHERE e.subject_type = '${subjectType}' AND e.action = '${action}' AND e.subject_id NOT IN (SELECT id::text FROM ${subjectType})`,
      );
      if (orphans) auditProblems.push(`${action}: ${orphans} entr(ies) for a ${subjectType} that does not exist`);
    }
    const chain = await verifyAuditChain(checks);

    // Every outbox row dispatched and handled once; every mail at the catcher exactly once.
    const unhandledDue = await count(`SELECT count(*) AS n FROM outbox_message WHERE handled_at IS NULL AND available_at <= now()`);
    const undispatched = await count(`SELECT count(*) AS n FROM outbox_message WHERE dispatched_at IS NULL`);
    const delayed = await checks.query<{ job_id: string; queue: string }[]>(`SELECT job_id, queue FROM outbox_message WHERE handled_at IS NULL AND available_at > now()`);
    const connection = { host: '127.0.0.1', port: system.redisPort };
    let delayedMissing = 0;
    for (const row of delayed) {
      const queue = new Queue(row.queue, { connection, prefix: system.env.BULLMQ_PREFIX });
      if (!(await queue.getJob(`outbox-${row.job_id}`))) delayedMissing += 1;
      await queue.close();
    }
    const mailRows = await checks.query<{ job_id: string }[]>(`SELECT job_id FROM outbox_message WHERE job_name = 'mail.send' AND available_at <= now()`);
    const expected = new Set(mailRows.map((row) => `outbox-${row.job_id}`));
    // SMTP deliveries per job, and the Message-IDs each job's deliveries carried.
    const received = new Map<string, number>();
    const messageIds = new Map<string, Set<string>>();
    for (const mail of system.catcher.messages()) {
      const key = mail.headers['x-sesame-job'] ?? '(none)';
      received.set(key, (received.get(key) ?? 0) + 1);
      messageIds.set(key, (messageIds.get(key) ?? new Set()).add(mail.headers['message-id'] ?? ''));
    }
    const lost = [...expected].filter((key) => !received.has(key));
    const templates = new Map(
      (await checks.query<{ job_id: string; template: string }[]>(`SELECT job_id, payload->>'template' AS template FROM outbox_message WHERE job_name = 'mail.send'`)).map((row) => [`outbox-${row.job_id}`, row.template]),
    );
    // A worker killed between SMTP's "250 OK" and its commit sends that mail again when the job is
    // retried (at-least-once; exactly-once delivery to SMTP cannot be had). Counted, and each resend
    // must carry the first delivery's Message-ID.
    const resent = [...received].filter(([, n]) => n > 1).map(([key, n]) => `${key} (${templates.get(key)}) × ${n}`);
    const distinctMessages = [...messageIds].filter(([key]) => expected.has(key)).reduce((sum, [, ids]) => sum + ids.size, 0);
    const strayMails = [...received.keys()].filter((key) => !expected.has(key));

    // Nothing left in a state only the system moves it out of.
    const stranded = {
      documentsAwaitingAnalysis: await count(`SELECT count(*) AS n FROM document WHERE status = 'received'`),
      copiesAwaitingVerdict: await count(`SELECT count(*) AS n FROM appointment WHERE copy_status = 'checking' AND status = 'requested'`),
      ticketsNotQueued: await count(`SELECT count(*) AS n FROM niss_ticket WHERE status = 'submitted'`),
      codesWithoutLetter: await count(`SELECT count(*) AS n FROM activation_code c WHERE c.channel = 'desk' AND c.status = 'issued' AND NOT EXISTS (SELECT 1 FROM activation_letter l WHERE l.activation_code_id = c.id)`),
    };

    // No secret or personal data in what api, worker and Redis logged through the faults (errors included).
    const knownSecrets = [
      ...['SESSION_SECRET', 'PASSWORD_PEPPER', 'DATA_ENCRYPTION_KEY', 'CODE_PEPPER'].map((name) => ({ label: name, value: system.env[name]! })),
      ...clerks.flatMap((clerk) => [clerk.password, clerk.totpSecret!]),
      ...requesterKeys.flatMap((key) => [key.password, key.totpSecret!]),
      ...recorder.secrets,
    ];
    const logFiles = readdirSync(FAULT_LOG_DIR).filter((name) => name.endsWith('.log')).map((name) => join(FAULT_LOG_DIR, name));
    const logScan = scanLogFiles(logFiles, knownSecrets);

    const fiveHundreds = recorder.rows().filter((row) => row.status >= 500 && row.status !== 503);
    const report = {
      requests: recorder.total(),
      byStatus: Object.fromEntries(
        [...new Set(recorder.rows().map((row) => row.status))].sort().map((status) => [status, recorder.total((row) => row.status === status)]),
      ),
      perPhase: recorder.phases.map((phase) => ({
        phase,
        requests: recorder.total((row) => row.phase === phase),
        '2xx': recorder.total((row) => row.phase === phase && row.status >= 200 && row.status < 300),
        '503': recorder.total((row) => row.phase === phase && row.status === 503),
        noAnswer: recorder.total((row) => row.phase === phase && row.status === 0),
        other5xx: recorder.total((row) => row.phase === phase && row.status >= 500 && row.status !== 503),
      })),
      stateChanges,
      ...figures,
      mails: { expected: expected.size, smtpDeliveries: [...received.values()].reduce((a, b) => a + b, 0), distinctMessages, lost: lost.length, resentAfterWorkerKill: resent, stray: strayMails.length },
      outbox: { undispatched, unhandledDue, delayedPending: delayed.length, delayedMissingFromRedis: delayedMissing, undispatchedWhenApiKilled: undispatchedAtApiKill },
      stranded,
      auditChain: chain,
      auditProblems,
      healthDuringOutage,
      recoveryMs: recovery,
      settleMs,
      logScan: { files: logScan.files, lines: logScan.lines, knownSecrets: knownSecrets.length, findings: logScan.findings.length },
    };
    writeFileSync(join(FAULT_LOG_DIR, 'report.json'), JSON.stringify(report, null, 2));
    console.log(`fault suite report (also in ${join(FAULT_LOG_DIR, 'report.json')}):\n${JSON.stringify(report, null, 2)}`);

    // ── the verdict
    expect(fiveHundreds).toEqual([]);
    expect(logScan.findings.map(formatFinding)).toEqual([]);
    expect(logScan.lines).toBeGreaterThan(200);
    expect(chain).toMatchObject({ ok: true });
    expect(auditProblems).toEqual([]);
    expect({ undispatched, unhandledDue, delayedMissing }).toEqual({ undispatched: 0, unhandledDue: 0, delayedMissing: 0 });
    expect({ lost, strayMails }).toEqual({ lost: [], strayMails: [] });
    expect(distinctMessages).toBe(expected.size);
    expect(resent.length).toBeLessThanOrEqual(workerKills * Number(system.env.WORKER_CONCURRENCY ?? 10));
    expect(stranded).toEqual({ documentsAwaitingAnalysis: 0, copiesAwaitingVerdict: 0, ticketsNotQueued: 0, codesWithoutLetter: 0 });
    // Every flow did real work, before and after the faults.
    expect(figures.activationCodes).toBeGreaterThan(0);
    expect(figures.nissTickets).toBeGreaterThan(0);
    expect(figures.appointments).toBeGreaterThan(0);
    expect(figures.documentsAnalysed).toBeGreaterThan(0);
    expect(recorder.total((row) => row.phase === 'after the faults' && row.status >= 200 && row.status < 300)).toBeGreaterThan(0);
    // While PostgreSQL was down the api said so (503), not 500; Redis down shows in /health only.
    for (const [label, statuses] of Object.entries(healthDuringOutage)) expect({ label, statuses: statuses.filter((s) => s !== 503) }).toEqual({ label, statuses: [] });
    expect(recorder.total((row) => row.phase.startsWith('PostgreSQL restart') && row.status === 503)).toBeGreaterThan(0);
    // The api was killed while the outbox held undispatched rows, and they went out all the same.
    expect(undispatchedAtApiKill).toBeGreaterThan(0);
  });
});
