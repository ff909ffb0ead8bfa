/**
 * Load on the real parts (issue 6): concurrent flows against the compiled api (and, for the OCR
 * burst, the worker), with figures per endpoint and checks in SQL afterwards.
 *
 *   npm run bench:load -- [--scale 0.1] [--reuse] [--no-build] [--no-write] [--postgres postgres://postgres@127.0.0.1:5432] [--redis redis://127.0.0.1:6379]
 *
 * 1. NISS: requesters (TOTP digital keys, organisation members) each upload an ID document and submit
 *    a ticket, all at once; then operators create BIS numbers for some of the tickets at once.
 * 2. Video: concurrent bookings on few slots (the code path of bench/video.bench.ts).
 * 3. Desk: clerks of several municipalities, signed in with password + TOTP, each verify a card read
 *    (BEID emulator files signed by the test PKI) and then issue an activation code, all at once.
 * 4. OCR: documents uploaded at once to the worker's OCR pool at its default size (cores − 1).
 *
 * Every count is multiplied by --scale (0.1 for a quick try). The scratch database is
 * `sesame_bench_load` (dropped at the end unless --reuse); the system is bench/load-system.ts.
 * Scenarios 1–3 run with the api alone (the worker, which holds the outbox relay, is not started:
 * their mails, letters and OCR jobs stay in the outbox and are deleted before scenario 4).
 */
import 'reflect-metadata';
import { generateSecret } from 'otplib';
import { randomBytes, randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { CitizenCodesService } from '../api/src/activation/citizen-codes.service';
import { PasswordService } from '../api/src/auth/password.service';
import { SecretsService } from '../api/src/common/secrets.service';
import { toRawFiles } from '../desk-agent/src/card/card-read-result';
import { ActivationCode, DigitalKey, IdentityEvidence, Municipality, Organisation, OrganisationMember, Person, Role } from '../libs/database/src';
import { brusselsDate, isValidNationalNumber, keyedHash, personNameKeys, randomToken } from '../libs/domain/src';
import { uniqueEnterpriseNumber } from '../test/integration/support/niss-factory';
import { buildCardProfile, createTestPki, DEMO_IDENTITIES, makeNationalNumber, withCardNumberCheck, type CardholderIdentity } from '../tools/beid-emulator';
import { BELGIAN_ID_CARD, drawIdDocument, DUTCH_PASSPORT, td1Lines, td3Lines, type MrzHolder } from '../worker/src/ocr/testing/id-card-image';
import { bookContendedSlots } from './load-booking';
import { LoadRecorder } from './load-figures';
import { createBenchStaff, mulberry32, PKI_DIR, startBenchSystem } from './load-system';
import { machineLine, ms, percentile, sortedOf, writeBenchSection } from './report';
import { benchArg } from './scratch-database';
import { BenchHttpClient, Timed } from './video-clients';

const DB = 'sesame_bench_load';
const SCALE = Number(benchArg('--scale', '1'));
if (!(SCALE > 0 && SCALE <= 1)) throw new Error(`--scale must be in (0, 1], not ${benchArg('--scale', '1')}`);
const scaled = (n: number) => Math.max(1, Math.round(n * SCALE));

const SUBMISSIONS = scaled(500);
const ORGANISATIONS = scaled(10);
const OPERATORS = 4;
const BIS_DECISIONS = scaled(60);
const CONTENDERS = scaled(200);
const CONTENTION_SLOTS = 2 * scaled(25);
const CLERKS = scaled(100);
const MUNICIPALITIES = ['21004', '11002', '44021', '62063', '52011', '92094', '24062', '71016', '63023', '57081'];
const OCR_DOCUMENTS = scaled(100);
/** Sign-ins are setup, not load: a few at a time (argon2id on the api's thread pool). */
const SIGN_IN_CONCURRENCY = 16;
const MINUTE = 60_000;
/** The BIS numbers of scenario 1 all come from one counter: one birth date and sex for every request. */
const BIS_BIRTH = { date: '1931-03-08', sex: 'M' as const };

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/** A promise that fails after `limit` ms: every scenario is bounded in time. */
async function within<T>(limit: number, label: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: not done within ${limit / 1000} s`)), limit);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `work` over `items`, at most `concurrency` at a time. */
async function inPool<T>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index]!, index);
      }
    }),
  );
}

/** A request that may fail without an answer: the recorder has counted it (status 0); the flow goes on. */
async function attempt<T>(request: Promise<Timed<T>>): Promise<Timed<T> | null> {
  try {
    return await request;
  } catch {
    return null;
  }
}


/** The NISS request of requester `i` (foreign passport, no national number: no automatic identification). */
const requestData = (i: number, tag: string) => ({
  document: { type: 'passport', number: `PX${String(i).padStart(7, '0')}`, issuingCountry: 'ROU', validUntil: `${new Date().getUTCFullYear() + 2}-01-31`, nationalNumber: null, mrz: [] },
  person: { surname: `Popescu${tag}${i}`, givenNames: 'Ion', birthDate: BIS_BIRTH.date, sex: BIS_BIRTH.sex, nationality: 'ROU', birthPlace: 'Iasi', birthCountry: 'RO' },
  residence: { street: 'Strada Lapusneanu', houseNumber: String(1 + (i % 90)), box: null, postalCode: '700057', municipality: 'Iasi', country: 'RO' },
  contactAddress: null,
  comment: 'Seasonal worker',
  notificationEmail: 'hr@employer.test',
});

interface Requester {
  client: BenchHttpClient;
  username: string;
  totpSecret: string;
}

async function main(): Promise<void> {
  const load = loadavg()[0]!.toFixed(1);
  const command = `npm run bench:load${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  console.log(`load bench — ${machineLine()}, load average ${load}, scale ${SCALE}`);
  const system = await startBenchSystem(DB, 'load');
  const { dataSource, config, baseUrl } = system;
  const recorder = new LoadRecorder();
  const rows: [string, string][] = [];
  const failures: string[] = [];
  const tag = randomBytes(3).toString('hex').toUpperCase();
  try {
    const bootMs = await system.startApi();
    console.log(`api up in ${ms(bootMs)} ms (${system.buildNote})`);
    const passwords = new PasswordService(config);
    const secrets = new SecretsService(config);
    const password = `pw-${randomBytes(9).toString('base64url')}`;
    const passwordHash = await passwords.hash(password);

    const createStaff = (label: string, count: number, role: Role, municipalityOf?: (i: number) => string | null) =>
      createBenchStaff(dataSource, secrets, passwordHash, { label, count, role, municipalityOf });
    async function signInStaff(accounts: { email: string; totpSecret: string }[], observe: ReturnType<LoadRecorder['observer']>): Promise<BenchHttpClient[]> {
      const clients: BenchHttpClient[] = accounts.map(() => new BenchHttpClient(baseUrl, observe));
      await inPool(accounts, SIGN_IN_CONCURRENCY, (account, i) => clients[i]!.signIn(account.email, password, account.totpSecret));
      return clients;
    }

    // ── 1. NISS: concurrent submissions with documents ─────────────────────────
    const s1 = { phase: 'sign-in' };
    const s1Label = `1. NISS (${SUBMISSIONS} requesters)`;
    const s1Observe = recorder.observer(s1Label, () => s1.phase);
    const [fixtureClerk] = await createStaff('fixture-clerk', 1, 'clerk');
    const organisations = await dataSource.getRepository(Organisation).save(
      Array.from({ length: ORGANISATIONS }, (_, i) => dataSource.getRepository(Organisation).create({ name: `Bench employer ${i}`, enterpriseNumber: uniqueEnterpriseNumber(), language: 'fr' })),
    );
    // The requesters' digital keys, written as test/integration/support/activation-factory.ts writes
    // them (person, checked evidence, consumed activation code, active TOTP key), in bulk.
    const codes = new CitizenCodesService(config, null as never, null as never, null as never, secrets);
    const requesterRows = Array.from({ length: SUBMISSIONS }, (_, i) => {
      const birth = { year: 1950 + (i % 50), month: 1 + (Math.floor(i / 50) % 12), day: 1 + (Math.floor(i / 600) % 28) };
      return {
        personId: randomUUID(),
        evidenceId: randomUUID(),
        codeId: randomUUID(),
        keyId: randomUUID(),
        nationalNumber: makeNationalNumber(birth, 101),
        birthDate: `${birth.year}-${String(birth.month).padStart(2, '0')}-${String(birth.day).padStart(2, '0')}`,
        surname: `Janssens-${tag}-${i}`,
        email: `requester-${i}@employer-${i % ORGANISATIONS}.test`,
        username: `requester.${tag.toLowerCase()}.${i}`,
        totpSecret: generateSecret(),
      };
    });
    for (let start = 0; start < requesterRows.length; start += 250) {
      const batch = requesterRows.slice(start, start + 250);
      await dataSource.getRepository(Person).insert(
        batch.map((r) => ({ id: r.personId, nationalNumber: r.nationalNumber, givenNames: 'Pieter', surname: r.surname, ...personNameKeys(r.surname, 'Pieter'), birthDate: r.birthDate, sex: 'M', nationality: 'Belg', language: 'en' })),
      );
      await dataSource.getRepository(IdentityEvidence).insert(
        batch.map((r) => ({ id: r.evidenceId, personId: r.personId, kind: 'travel_document', documentNumber: `EM${r.nationalNumber.slice(0, 7)}`, documentType: 'P', issuingState: 'BEL', validUntil: '2031-05-10', evidenceHash: randomBytes(32).toString('hex'), municipalityNisCode: null, checkedBy: fixtureClerk!.id })),
      );
      await dataSource.getRepository(ActivationCode).insert(
        batch.map((r) => ({
          id: r.codeId,
          personId: r.personId,
          evidenceId: r.evidenceId,
          status: 'consumed' as const,
          channel: 'desk' as const,
          codeHash: keyedHash(config.CODE_PEPPER, 'activation-code', randomToken(16)),
          linkTokenHash: keyedHash(config.CODE_PEPPER, 'activation-link', randomToken(32)),
          letterCodeSealed: null,
          email: r.email,
          language: 'en',
          municipalityNisCode: null,
          issuedBy: fixtureClerk!.id,
          expiresAt: new Date(Date.now() + 14 * 24 * 60 * MINUTE),
          failedAttempts: 0,
          endedAt: new Date(),
          endReason: 'bench',
        })),
      );
      await dataSource.getRepository(DigitalKey).insert(
        batch.map((r) => ({ id: r.keyId, personId: r.personId, activationCodeId: r.codeId, kind: 'totp' as const, status: 'active' as const, email: r.email, username: r.username, passwordHash, phone: null, totpSecretEnc: codes.sealTotpSecret(r.keyId, r.totpSecret), activatedAt: new Date() })),
      );
      await dataSource.getRepository(OrganisationMember).insert(
        batch.map((r, j) => ({ organisationId: organisations[(start + j) % ORGANISATIONS]!.id, email: r.email, displayName: `Requester ${start + j}`, role: 'requester', language: 'en' })),
      );
    }
    const requesters: Requester[] = requesterRows.map((r) => ({ client: new BenchHttpClient(baseUrl, s1Observe), username: r.username, totpSecret: r.totpSecret }));
    let started = performance.now();
    await within(10 * MINUTE, 'requester sign-in', inPool(requesters, SIGN_IN_CONCURRENCY, (r) => r.client.signInCitizen(r.username, password, r.totpSecret)));
    const requesterSignInMs = performance.now() - started;
    console.log(`1. ${SUBMISSIONS} requesters of ${ORGANISATIONS} organisation(s) signed in (${SIGN_IN_CONCURRENCY} at a time) in ${ms(requesterSignInMs)} ms`);

    // A handful of generated ID pictures, reused round-robin.
    const holders: [MrzHolder, 'TD1' | 'TD3'][] = [
      [BELGIAN_ID_CARD, 'TD1'],
      [DUTCH_PASSPORT, 'TD3'],
      [{ ...DUTCH_PASSPORT, issuingState: 'ROU', nationality: 'ROU', surname: 'POPESCU', givenNames: ['ION'], documentNumber: 'PX0000001', birthDate: '310308', sex: 'M', optional: undefined }, 'TD3'],
      [{ ...DUTCH_PASSPORT, issuingState: 'MAR', nationality: 'MAR', surname: 'BENALI', givenNames: ['YOUSSEF'], documentNumber: 'EM1234567', birthDate: '880412', sex: 'M', optional: undefined }, 'TD3'],
    ];
    const pictures = holders.map(([holder, format]) => drawIdDocument({ format, mrz: format === 'TD1' ? td1Lines(holder) : td3Lines(holder) }));
    const formOf = (i: number) => {
      const form = new FormData();
      form.append('files', new Blob([pictures[i % pictures.length]!], { type: 'image/png' }), 'id.png');
      return form;
    };

    s1.phase = 'burst';
    const submitted: { uploaded: boolean; status: number | null; ticketId: string | null }[] = [];
    started = performance.now();
    await within(
      10 * MINUTE,
      'NISS burst',
      Promise.all(
        requesters.map(async (r, i) => {
          const upload = await attempt(r.client.send<{ id: string }>('POST', '/api/requester/documents', formOf(i)));
          if (upload?.status !== 202) return void submitted.push({ uploaded: false, status: upload?.status ?? null, ticketId: null });
          const submit = await attempt(r.client.post<{ ticket: { id: string } }>('/api/requester/tickets', { documentId: upload.body.id, data: requestData(i, tag) }));
          submitted.push({ uploaded: true, status: submit?.status ?? null, ticketId: submit?.status === 201 ? submit.body.ticket.id : null });
        }),
      ),
    );
    const nissBurstMs = performance.now() - started;
    const organisationIds = organisations.map((o) => o.id);
    const [tickets] = await dataSource.query(
      `SELECT count(*)::int AS n, count(DISTINCT number)::int AS numbers, count(DISTINCT document_id)::int AS documents,
              coalesce(jsonb_object_agg(status, n) FILTER (WHERE status IS NOT NULL), '{}') AS statuses
       FROM (SELECT number, document_id, status, count(*) OVER (PARTITION BY status)::int AS n FROM niss_ticket WHERE organisation_id = ANY($1)) t`,
      [organisationIds],
    );
    const [dupNumbers] = await dataSource.query(`SELECT count(*)::int AS n FROM (SELECT number FROM niss_ticket GROUP BY number HAVING count(*) > 1) d`);
    const [documents] = await dataSource.query(`SELECT count(*)::int AS n FROM document d JOIN organisation_member m ON m.id = d.uploaded_by_member WHERE m.organisation_id = ANY($1)`, [organisationIds]);
    const s1Created = submitted.filter((s) => s.status === 201).length;
    console.log(`1. burst: ${s1Created} × 201 of ${SUBMISSIONS} in ${ms(nissBurstMs)} ms; SQL: ${tickets.n} tickets, ${tickets.numbers} distinct numbers, ${dupNumbers.n} duplicated numbers, ${documents.n} documents, statuses ${JSON.stringify(tickets.statuses)}`);
    if (tickets.n !== SUBMISSIONS) failures.push(`scenario 1: ${tickets.n} tickets in the database, expected ${SUBMISSIONS}`);
    if (dupNumbers.n !== 0) failures.push(`scenario 1: ${dupNumbers.n} ticket numbers used more than once`);

    // Operators create BIS numbers for some of the tickets, all at once (one birth date and sex: one counter).
    s1.phase = 'operators sign-in';
    const operatorAccounts = await createStaff('operator', OPERATORS, 'niss_operator');
    const operators = await signInStaff(operatorAccounts, s1Observe);
    const chosen: { id: string }[] = await dataSource.query(`SELECT id FROM niss_ticket WHERE organisation_id = ANY($1) AND status = 'pending' ORDER BY submitted_at LIMIT $2`, [organisationIds, BIS_DECISIONS]);
    s1.phase = 'BIS burst';
    started = performance.now();
    const claims = await within(5 * MINUTE, 'claims', Promise.all(chosen.map((t, i) => attempt(operators[i % OPERATORS]!.post(`/api/niss/tickets/${t.id}/claim`)))));
    const decisions = await within(
      5 * MINUTE,
      'BIS decisions',
      Promise.all(chosen.map((t, i) => attempt(operators[i % OPERATORS]!.post<{ ticket: { niss: string } }>(`/api/niss/tickets/${t.id}/bis`)))),
    );
    const bisMs = performance.now() - started;
    const bisNumbers = decisions.filter((d) => d?.status === 200).map((d) => d!.body.ticket.niss);
    const [dupBis] = await dataSource.query(`SELECT count(*)::int AS n FROM (SELECT niss FROM niss_ticket WHERE niss IS NOT NULL GROUP BY niss HAVING count(*) > 1) d`);
    const [dupPersons] = await dataSource.query(`SELECT count(*)::int AS n FROM (SELECT national_number FROM person WHERE national_number IS NOT NULL GROUP BY national_number HAVING count(*) > 1) d`);
    const [bisRows] = await dataSource.query(`SELECT count(*)::int AS n, count(DISTINCT niss)::int AS distinct FROM niss_ticket WHERE id = ANY($1) AND status = 'identified'`, [chosen.map((t) => t.id)]);
    const invalidBis = bisNumbers.filter((n) => !isValidNationalNumber(n) || Number(n.slice(6, 9)) % 2 !== 1).length;
    console.log(
      `1. BIS: ${claims.filter((c) => c?.status === 200).length} claims, ${bisNumbers.length} × 200 of ${chosen.length} in ${ms(bisMs)} ms; SQL: ${bisRows.n} identified, ${bisRows.distinct} distinct, ${dupBis.n} duplicated NISS/BIS on tickets, ${dupPersons.n} duplicated national numbers in person; ${invalidBis} invalid`,
    );
    if (dupBis.n !== 0 || dupPersons.n !== 0) failures.push(`scenario 1: duplicated BIS numbers (tickets ${dupBis.n}, persons ${dupPersons.n})`);
    if (bisRows.n !== chosen.length) failures.push(`scenario 1: ${bisRows.n} of ${chosen.length} tickets identified with a new BIS number`);
    const s1_5xx = recorder.count(5, s1Label);
    const s1_none = recorder.count(0, s1Label);
    rows.push(
      [`1. NISS: ${SUBMISSIONS} requesters (TOTP digital keys, members of ${ORGANISATIONS} organisation${ORGANISATIONS > 1 ? 's' : ''}) each \`POST /api/requester/documents\` (one generated ID picture, ${pictures.length} different, ${pictures.map((p) => Math.round(p.length / 1024)).join('/')} kB PNG) then \`POST /api/requester/tickets\`, all at once`, `${s1Created} × 201 of ${SUBMISSIONS}; all answered in ${ms(nissBurstMs)} ms`],
      ['1. Check in SQL', `${tickets.n} tickets (expected ${SUBMISSIONS}), ${tickets.numbers} distinct numbers, **${dupNumbers.n} duplicated ticket numbers**, ${tickets.documents} distinct documents, statuses ${Object.entries(tickets.statuses as Record<string, number>).map(([s, n]) => `${n} × ${s}`).join(', ')}; ${documents.n} documents stored`],
      [`1. BIS: ${OPERATORS} operators claim ${chosen.length} pending tickets, then create a new BIS number for each (one birth date and sex: one counter), all at once`, `${bisNumbers.length} × 200 of ${chosen.length} in ${ms(bisMs)} ms; ${bisRows.distinct} distinct BIS numbers, **${dupBis.n} duplicated BIS numbers** on tickets, ${dupPersons.n} duplicated national numbers in the register, ${invalidBis} with a bad check digit or parity`],
      ['1. 5xx / no answer (all requests of scenario 1)', `**${s1_5xx}** / ${s1_none}`],
    );
    if (s1_5xx || s1_none) failures.push(`scenario 1: ${s1_5xx} × 5xx, ${s1_none} without answer`);

    // ── 2. Video: concurrent bookings on few slots ────────────────────────────
    const s2Label = `2. Video (${CONTENDERS} bookings)`;
    const anonymous = new BenchHttpClient(baseUrl, recorder.observer(s2Label, 'burst'));
    await anonymous.get('/api/auth/csrf');
    const videoAgents = await createStaff('video-agent', 2, 'video_agent');
    const booking = await within(
      5 * MINUTE,
      'booking burst',
      bookContendedSlots({
        dataSource,
        client: anonymous,
        agentIds: videoAgents.map((a) => a.id),
        today: brusselsDate(new Date()),
        horizonDays: config.VIDEO_BOOKING_HORIZON_DAYS,
        contenders: CONTENDERS,
        slots: CONTENTION_SLOTS,
        random: mulberry32(4242),
      }),
    );
    const s2_5xx = recorder.count(5, s2Label);
    const overbooked = booking.perSlot.filter((entry) => entry.n > 2).reduce((n, entry) => n + entry.slots, 0);
    console.log(`2. bookings: ${booking.won.length} × 201, ${booking.taken.length} × 409 slot_taken, ${booking.other.length} other in ${ms(booking.burstMs)} ms; overlapping live pairs ${booking.overlaps}; per slot ${JSON.stringify(booking.perSlot)}`);
    rows.push(
      [`2. Video: ${CONTENDERS} concurrent \`POST /api/video/appointments\` on ${CONTENTION_SLOTS} slots × 2 agents (${Number.isInteger(CONTENDERS / CONTENTION_SLOTS) ? CONTENDERS / CONTENTION_SLOTS : `~${(CONTENDERS / CONTENTION_SLOTS).toFixed(1)}`} per slot; bench/load-booking.ts, as bench:video)`, `${booking.won.length} × 201, ${booking.taken.length} × 409 \`video.slot_taken\`, ${booking.other.length} other; all answered in ${ms(booking.burstMs)} ms`],
      ['2. Check in SQL', `**${booking.overlaps} overlapping live bookings of one agent** (whole table); live bookings per contended slot: ${booking.perSlot.map((entry) => `${entry.slots} slots × ${entry.n}`).join(', ')}; 5xx: **${s2_5xx}**`],
    );
    if (booking.overlaps !== 0 || overbooked) failures.push(`scenario 2: ${booking.overlaps} overlapping live bookings, ${overbooked} slots with more than 2`);
    if (s2_5xx || booking.other.length) failures.push(`scenario 2: ${s2_5xx} × 5xx, ${booking.other.length} answers neither 201 nor slot_taken`);

    // ── 3. Desk: clerks issue activation codes at once ───────────────────────
    const s3 = { phase: 'sign-in' };
    const s3Label = `3. Desk (${CLERKS} clerks)`;
    const s3Observe = recorder.observer(s3Label, () => s3.phase);
    for (const nisCode of MUNICIPALITIES) {
      await dataSource.getRepository(Municipality).upsert({ nisCode, nameFr: `Commune ${nisCode}`, nameNl: `Gemeente ${nisCode}`, nameDe: `Gemeinde ${nisCode}` }, ['nisCode']);
    }
    const clerkAccounts = await createStaff('clerk', CLERKS, 'clerk', (i) => MUNICIPALITIES[i % MUNICIPALITIES.length]!);
    started = performance.now();
    const clerks = await within(10 * MINUTE, 'clerk sign-in', signInStaff(clerkAccounts, s3Observe));
    const clerkSignInMs = performance.now() - started;
    // One cardholder per clerk (unique national and card numbers), signed by the test PKI as the emulator's cards are.
    const pki = await createTestPki(PKI_DIR);
    const cardFiles = clerks.map((_, i) => {
      const identity: CardholderIdentity = {
        ...DEMO_IDENTITIES.francoise,
        nationalNumber: makeNationalNumber({ year: 1987, month: 8, day: 14 }, 300 + 2 * i),
        cardNumber: withCardNumberCheck(String(6010300000 + i)),
        surname: `Dubois-${tag}-${i}`,
      };
      const { files } = buildCardProfile(identity, pki, { generation: i % 2 ? '1.7' : '1.8' });
      return toRawFiles(files);
    });
    s3.phase = 'card-read burst';
    started = performance.now();
    const reads = await within(5 * MINUTE, 'card reads', Promise.all(clerks.map((clerk, i) => attempt(clerk.post<{ evidence: { id: string } }>('/api/desk/card-reads', { files: cardFiles[i] })))));
    const readsMs = performance.now() - started;
    s3.phase = 'issue burst';
    started = performance.now();
    const issued = await within(
      5 * MINUTE,
      'code issuing',
      Promise.all(clerks.map((clerk, i) => (reads[i]?.status === 200 ? attempt(clerk.post('/api/desk/activation-codes', { evidenceId: reads[i]!.body.evidence.id, email: `holder-${tag.toLowerCase()}-${i}@bench.test`, language: (['fr', 'nl', 'de', 'en'] as const)[i % 4] })) : null))),
    );
    const issueMs = performance.now() - started;
    const [desk] = await dataSource.query(
      `SELECT count(*)::int AS n, count(DISTINCT code_hash)::int AS hashes, count(DISTINCT link_token_hash)::int AS links, count(DISTINCT person_id)::int AS persons
       FROM activation_code WHERE channel = 'desk' AND status = 'issued' AND issued_by = ANY($1)`,
      [clerkAccounts.map((c) => c.id)],
    );
    const [dupCodes] = await dataSource.query(`SELECT (SELECT count(*) FROM (SELECT code_hash FROM activation_code GROUP BY code_hash HAVING count(*) > 1) a)::int + (SELECT count(*) FROM (SELECT link_token_hash FROM activation_code GROUP BY link_token_hash HAVING count(*) > 1) b)::int AS n`);
    const s3_5xx = recorder.count(5, s3Label);
    const issued201 = issued.filter((r) => r?.status === 201).length;
    console.log(`3. desk: ${CLERKS} clerks signed in in ${ms(clerkSignInMs)} ms; ${reads.filter((r) => r?.status === 200).length} card reads × 200 in ${ms(readsMs)} ms; ${issued201} codes × 201 in ${ms(issueMs)} ms; SQL: ${desk.n} issued, ${desk.hashes} distinct codes, ${desk.links} distinct links, ${dupCodes.n} duplicates`);
    rows.push(
      [`3. Desk: ${CLERKS} clerks of ${Math.min(CLERKS, MUNICIPALITIES.length)} municipalities (password + TOTP) each \`POST /api/desk/card-reads\` (a BEID emulator card signed by the test PKI, applets 1.7 and 1.8 alternating), all at once`, `${reads.filter((r) => r?.status === 200).length} × 200 in ${ms(readsMs)} ms`],
      ['3. then each `POST /api/desk/activation-codes` on its verified read, all at once', `${issued201} × 201 of ${CLERKS} in ${ms(issueMs)} ms`],
      ['3. Check in SQL', `${desk.n} live desk codes of these clerks (expected ${CLERKS}), ${desk.hashes} distinct code hashes, ${desk.links} distinct link tokens, ${desk.persons} persons; **${dupCodes.n} duplicated codes or link tokens** (whole table); 5xx: **${s3_5xx}**`],
    );
    if (desk.n !== CLERKS || desk.hashes !== CLERKS) failures.push(`scenario 3: ${desk.n} codes, ${desk.hashes} distinct, expected ${CLERKS}`);
    if (dupCodes.n || s3_5xx) failures.push(`scenario 3: ${dupCodes.n} duplicated codes, ${s3_5xx} × 5xx`);

    // ── 4. OCR burst ──────────────────────────────────────────────────────────
    const s4 = { phase: 'warm-up' };
    const s4Label = `4. OCR (${OCR_DOCUMENTS} documents)`;
    const s4Observe = recorder.observer(s4Label, () => s4.phase);
    // The jobs scenarios 1–3 left in the outbox (OCR of their documents, mails, letters) never reach
    // the worker: it starts quiet, with only this scenario's documents to read.
    const [{ n: deletedCount }] = await dataSource.query(`WITH gone AS (DELETE FROM outbox_message WHERE dispatched_at IS NULL RETURNING 1) SELECT count(*)::int AS n FROM gone`);
    const workerStarted = performance.now();
    const worker = system.startWorker();
    const uploaders = requesters.slice(0, OCR_DOCUMENTS + 1).map((r) => ({ ...r, client: new BenchHttpClient(baseUrl, s4Observe) }));
    for (const [i, r] of uploaders.entries()) for (const [name, value] of requesters[i]!.client.cookies) r.client.cookies.set(name, value);
    const waitFor = async (ids: string[], limit: number) => {
      for (const deadline = Date.now() + limit; ; await sleep(250)) {
        const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM document WHERE id = ANY($1) AND status <> 'received'`, [ids]);
        if (n === ids.length) return;
        if (worker.exitCode !== null) throw new Error(`the worker exited (${worker.exitCode}): see .data/logs/bench-load-worker.log`);
        if (Date.now() > deadline) throw new Error(`OCR: ${n} of ${ids.length} documents read within ${limit / 1000} s`);
      }
    };
    const warm = await uploaders[0]!.client.send<{ id: string }>('POST', '/api/requester/documents', formOf(0));
    if (warm.status !== 202) throw new Error(`warm-up upload: ${warm.status} ${JSON.stringify(warm.body)}`);
    await waitFor([warm.body.id], 5 * MINUTE);
    const warmMs = performance.now() - workerStarted;
    s4.phase = 'burst';
    const accepted = new Map<string, number>();
    const pictureOf = new Map<string, number>();
    const burstStarted = performance.now();
    await Promise.all(
      uploaders.slice(1).map(async (r, i) => {
        const upload = await attempt(r.client.send<{ id: string }>('POST', '/api/requester/documents', formOf(i)));
        if (upload?.status === 202) {
          accepted.set(upload.body.id, Date.now());
          pictureOf.set(upload.body.id, i % pictures.length);
        }
      }),
    );
    const uploadsMs = performance.now() - burstStarted;
    const ids = [...accepted.keys()];
    await waitFor(ids, Math.max(10, OCR_DOCUMENTS * 10) * 1000);
    const ocrWallMs = performance.now() - burstStarted;
    const [ocr] = await dataSource.query(
      `SELECT (extract(epoch FROM min(o.created_at)) * 1000)::float AS first_enqueue, (extract(epoch FROM max(d.processed_at)) * 1000)::float AS last_result,
              sum(d.page_count)::int AS pages, count(*) FILTER (WHERE d.status = 'processed')::int AS processed, count(*) FILTER (WHERE d.status = 'failed')::int AS failed,
              count(*) FILTER (WHERE d.analysis->'mrz'->>'valid' = 'true')::int AS mrz_valid,
              percentile_disc(0.5) WITHIN GROUP (ORDER BY (d.analysis->>'durationMs')::float) AS analysis_p50
       FROM document d JOIN outbox_message o ON o.job_name = 'documents.analyse' AND o.payload->>'documentId' = d.id::text WHERE d.id = ANY($1)`,
      [ids],
    );
    const [last] = await dataSource.query(`SELECT id, (extract(epoch FROM processed_at) * 1000)::float AS at FROM document WHERE id = ANY($1) ORDER BY processed_at DESC LIMIT 1`, [ids]);
    const waits: { id: string; at: number }[] = await dataSource.query(`SELECT id, (extract(epoch FROM processed_at) * 1000)::float AS at FROM document WHERE id = ANY($1)`, [ids]);
    const mrzRows: { id: string; valid: boolean }[] = await dataSource.query(`SELECT id, coalesce(analysis->'mrz'->>'valid' = 'true', false) AS valid FROM document WHERE id = ANY($1)`, [ids]);
    const mrzByPicture = holders.map((_, k) => {
      const of = mrzRows.filter((row) => pictureOf.get(row.id) === k);
      return `${holders[k]![1]} ${holders[k]![0].issuingState} ${of.filter((row) => row.valid).length}/${of.length}`;
    });
    const waitTimes = sortedOf(waits.map((w) => w.at - accepted.get(w.id)!));
    const spanMs = ocr.last_result - ocr.first_enqueue;
    const pagesPerMinute = (ocr.pages / spanMs) * MINUTE;
    const lastWaitMs = last.at - accepted.get(last.id)!;
    const s4_5xx = recorder.count(5, s4Label);
    console.log(
      `4. OCR: worker warm after ${ms(warmMs)} ms; ${ids.length} uploads × 202 in ${ms(uploadsMs)} ms; ${ocr.pages} pages read in ${ms(spanMs)} ms (first enqueue → last result) = ${pagesPerMinute.toFixed(0)} pages/min; last waited ${ms(lastWaitMs)} ms; ${ocr.processed} processed, ${ocr.failed} failed, ${ocr.mrz_valid} valid MRZ; analysis p50 ${ms(ocr.analysis_p50)} ms`,
    );
    rows.push(
      [`4. OCR: worker started (OCR_CONCURRENCY unset: cores − 1 = ${Math.max(1, availableParallelism() - 1)} tesseract worker${availableParallelism() > 2 ? 's' : ''}), one warm-up document read`, `${ms(warmMs)} ms from the worker's start to the warm-up's result (${deletedCount} outbox rows of scenarios 1–3 deleted first)`],
      [`4. then ${OCR_DOCUMENTS} requesters each \`POST /api/requester/documents\` at once (1 page each, the ${pictures.length} pictures of scenario 1)`, `${ids.length} × 202 in ${ms(uploadsMs)} ms`],
      ['4. OCR throughput, first enqueue (outbox row) → last result stored (`document.processed_at`)', `${ocr.pages} pages in ${ms(spanMs / 1000)} s = **${pagesPerMinute.toFixed(0)} pages/min**; ${ocr.processed} processed, ${ocr.failed} failed, ${ocr.mrz_valid} with a valid MRZ (per picture: ${mrzByPicture.join(', ')}); one analysis alone p50 ${ms(ocr.analysis_p50)} ms`],
      ['4. Wait from an upload\'s 202 to its result stored — p50 / p95 / last document', `${ms(percentile(waitTimes, 50) / 1000)} / ${ms(percentile(waitTimes, 95) / 1000)} / **${ms(lastWaitMs / 1000)} s**`],
    );
    if (ids.length !== OCR_DOCUMENTS || s4_5xx) failures.push(`scenario 4: ${ids.length} of ${OCR_DOCUMENTS} uploads accepted, ${s4_5xx} × 5xx`);

    rows.push(
      ['Setup (not load): sign-ins, a few at a time', `${SUBMISSIONS} requesters ${ms(requesterSignInMs / 1000)} s, ${CLERKS} clerks ${ms(clerkSignInMs / 1000)} s (${SIGN_IN_CONCURRENCY} at a time; argon2id + TOTP)`],
      ['api boot to `/health` (compiled, this run)', `${ms(bootMs)} ms`],
      ['Result of the checks', failures.length ? failures.join('; ') : 'all passed: no 5xx, no request without an answer, every count as expected, no duplicate'],
    );
  } finally {
    await system.stop();
  }

  const table = recorder.table();
  console.table(table.rows.map((cells) => Object.fromEntries(table.header.map((name, i) => [name, cells[i]]))));
  console.table(rows);
  if (!process.argv.includes('--no-write')) {
    writeBenchSection({
      title: 'Load: concurrent flows on the real parts',
      intro: `\`${command}\` (bench/load.bench.ts) — ${machineLine()}, load average ${load} at the start and ${loadavg()[0]!.toFixed(1)} at the end (other work on the shared machine shows there)${SCALE !== 1 ? `, **scale ${SCALE}**` : ''}; PostgreSQL and Redis local, scratch database \`${DB}\`. The compiled api (and, for scenario 4 only, the worker) run as child processes from a copy of dist/ taken at the start (bench/load-system.ts, as bench:video runs them; ${system.buildNote}), NODE_ENV=development, LOG_LEVEL=info, the configuration's defaults otherwise (DATABASE_POOL_SIZE ${config.DATABASE_POOL_SIZE}). The bench process is the clients only: one Node process, \`fetch\` over loopback with the cookies and XSRF header a browser sends, requesters signed in with their TOTP digital key, staff with password + TOTP. Latencies are from the request's start to its whole body read, so in a burst they include the time queued behind the others; client and api share the ${availableParallelism()} cores. Every audited write holds the advisory lock of one of the 16 audit chains (\`AuditWriter\`, ADR 0008) to its commit: writes of different chains commit side by side, within the pool's connections.`,
      rows,
      table: recorder.table(),
      outro: OUTRO,
    });
  }
  if (failures.length) {
    console.error(`\nchecks failed:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  }
}

const OUTRO = [
  '**Reading the bursts**: latencies in a burst include the time queued behind the others: for the api\'s event loop and the 2 cores (shared with this client), for one of the pool\'s 10 connections, and, for audited writes (upload, submit, claim, BIS, card read, code, booking), for the lock of their audit chain when another transaction of the same chain is committing (16 chains, ADR 0008; before it, one chain serialised every audited commit; the two measured on the same machine: ADR 0008 and docs/reliability.md, Load). The NISS upload also decodes and checks the picture (sharp) before its transaction, then stores it as bytea inside it, on the same event loop as everything else. Sign-ins are setup, run 16 at a time, and are not part of the bursts.',
  '**OCR**: one tesseract worker on this 2-core machine (OCR_CONCURRENCY unset): documents are read one after the other, so the last of a burst waits for all the others (about burst size ÷ throughput). The ROU passport picture (`PX0000001`) never gives a valid MRZ: tesseract reads its run of zeros with one \'O\' too many (`PX00000O15ROU…`, a 45-character TD3 line) and the reader parses it as it is, so both check digits fail; a page without a valid MRZ also costs the reader more passes (see the OCR section above).',
].join('\n\n');

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
