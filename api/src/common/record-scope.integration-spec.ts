import { ActivationCode, Appointment, Document, IdentityEvidence, NissTicket, VideoAvailabilityPattern } from '@sesame/database';
import { brusselsDate } from '@sesame/domain';
import { randomBytes, randomInt } from 'node:crypto';
import { join } from 'node:path';
import sharp from 'sharp';
import type request from 'supertest';
import { ApiHarness, startApi } from '../../../test/integration/support/api-harness';
import { ConsoleClient } from '../../../test/integration/support/console-client';
import { createStaff, ensureMunicipality, TestStaff, uniqueEmail } from '../../../test/integration/support/factories';
import { colourPng, createOrganisation, signInRequester, TestRequester } from '../../../test/integration/support/niss-factory';
import { anonymousClient, bookAppointment, exclusiveSlot, storeIdCopy, type BookedAppointment } from '../../../test/integration/support/video-factory';
import { buildCardProfile, createTestPki, DEMO_IDENTITIES, type CardholderIdentity } from '../../../tools/beid-emulator';
import { addDays } from '../video/brussels-time';
import { toRawFiles } from '../../../desk-agent/src/card/card-read-result';
import { td3Lines } from '../../../worker/src/ocr/testing/id-card-image';

const OWN = '21004';
const OTHER = '62063';
const DAY_MS = 24 * 60 * 60 * 1000;
const TAG = `S${randomInt(100000, 999999)}`;
/** The same run tag in letters (an MRZ name has no digits). */
const LETTERS = TAG.slice(1).replace(/\d/g, (d) => 'ABCDEFGHIJ'[Number(d)]!);

type Response = request.Response;

/**
 * One request of the scope table: a route called on a record by someone of the record's own scope
 * (municipality, organisation, agent, appointment session) or of another one, and the answer the
 * design gives. For refusals, `state` reads the record before and after: a refusal changes nothing.
 */
interface ScopeCase {
  route: string;
  record: string;
  who: string;
  status: number;
  code?: string;
  send: () => Promise<Response>;
  state?: () => Promise<unknown>;
  /** Further check of an answer (a list must or must not name the record): the problem, or null. */
  check?: (response: Response) => string | null;
}

const idsOf = (items: unknown): string[] => (Array.isArray(items) ? items.map((item: { id: string }) => item.id) : []);
const lists = (expected: boolean, id: string, items: (body: Response['body']) => unknown) => (response: Response) =>
  idsOf(items(response.body)).includes(id) === expected ? null : `${expected ? 'does not list' : 'lists'} ${id}`;

/**
 * Record scoping, the own/other dimension of the permission matrix (issue 6) on real records: every
 * route that names, lists or takes in its body a record of a municipality (desk), an organisation
 * (NISS requester pages), an agent or an appointment session (video) is called by someone of the
 * record's own scope (allowed: 2xx or the route's own non-permission answer) and of another scope
 * (refused with the answer the design gives, and the record unchanged). The route × role × signed-out
 * dimension is route-permissions.integration-spec.ts: supervisors and admins have no desk, staff no
 * requester page, and so on; not repeated here. Not scoped by design, so not here: the NISS operator
 * pages (operators and supervisors work the queue of every organisation), supervisors and admins on
 * video (they see every agent's agenda; only the assigned agent acts), the desk's e-mail check (it
 * counts the keys on an e-mail, whoever issued them). The citizen's appointment routes take no id:
 * the session cookie names the appointment, so "other" there is another booking's code or session.
 */
describe('Record scope: own/other municipality, organisation, agent and appointment on every record route (integration)', () => {
  let api: ApiHarness;
  let total = 0;
  const unexpected: string[] = [];

  beforeAll(async () => {
    api = await startApi({ BULLMQ_PREFIX: `r${randomBytes(5).toString('hex')}`, VIDEO_BOOKING_HORIZON_DAYS: '365' });
    await ensureMunicipality(api.dataSource, OTHER);
  });
  afterAll(async () => {
    console.log(`record scope: ${total} requests, ${unexpected.length} unexpected`);
    await api?.close();
  });

  /** Runs a table in order (mutations last in it) and returns what did not answer as expected. */
  async function run(cases: ScopeCase[]): Promise<string[]> {
    const found: string[] = [];
    for (const c of cases) {
      const label = `${c.route} on ${c.record} as ${c.who}`;
      const before = c.state ? JSON.stringify(await c.state()) : null;
      const response = await c.send();
      total += 1;
      const code = (response.body as { code?: string } | undefined)?.code;
      if (response.status >= 500) found.push(`${label}: ${response.status} ${JSON.stringify(response.body)}`);
      else if (response.status !== c.status || (c.code !== undefined && code !== c.code)) found.push(`${label}: expected ${c.status} ${c.code ?? ''}, got ${response.status} ${code ?? ''}`);
      if (c.state) {
        const after = JSON.stringify(await c.state());
        if (after !== before) found.push(`${label}: changed the record ${before} → ${after}`);
      }
      const problem = c.check?.(response);
      if (problem) found.push(`${label}: ${problem}`);
    }
    unexpected.push(...found);
    return found;
  }

  async function signedIn(staff: TestStaff): Promise<ConsoleClient> {
    const client = new ConsoleClient(api.server);
    await client.signIn(staff);
    return client;
  }

  // ── desk: municipality scope ──────────────────────────────────────────────────

  it('desk: another municipality’s clerk can neither see nor change the card read, document check, activation code or MRZ scan of this one', async () => {
    const pki = await createTestPki(join(__dirname, '..', '..', '..', '.data', 'beid-test-pki'));
    const identity = (Object.values(DEMO_IDENTITIES) as CardholderIdentity[])[0]!;
    const { files } = buildCardProfile(identity, pki, { generation: '1.8' });
    const cardFiles = toRawFiles(files);
    const clerk = await signedIn(await createStaff(api.app, { roles: ['clerk'], municipalityNisCode: OWN }));
    const otherClerk = await signedIn(await createStaff(api.app, { roles: ['clerk'], municipalityNisCode: OTHER }));

    // The records of municipality OWN, made through the api.
    const read = await clerk.post('/api/desk/card-reads', { files: cardFiles });
    expect(read.status).toBe(200);
    const cardEvidence: string = read.body.evidence.id;
    const expiry = new Date(Date.now() + 3 * 365 * DAY_MS).toISOString().slice(2, 10).replace(/-/g, '');
    const passport = td3Lines({
      documentCode: 'P',
      issuingState: 'FRA',
      documentNumber: `${randomBytes(3).toString('hex').toUpperCase()}123`,
      nationality: 'FRA',
      surname: `SCOPE${LETTERS}`,
      givenNames: ['ANNA'],
      birthDate: '900215',
      sex: 'F',
      expiryDate: expiry,
    }).join('\n');
    const checked = await clerk.post('/api/desk/document-checks', { mrz: passport });
    expect(checked.status).toBe(200);
    const documentEvidence: string = checked.body.evidence.id;
    const issued = await clerk.post('/api/desk/activation-codes', { evidenceId: cardEvidence, email: uniqueEmail('scope'), language: 'fr' });
    expect(issued.status).toBe(201);
    const code: string = issued.body.id;
    const scan = await clerk.upload('/api/desk/mrz-scans', 'image', await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 200, g: 220, b: 240 } } }).jpeg().toBuffer(), { filename: 'passport.jpg', contentType: 'image/jpeg' });
    expect(scan.status).toBe(202);
    const scanId: string = scan.body.id;
    expect(await api.dataSource.getRepository(IdentityEvidence).findOneByOrFail({ id: documentEvidence })).toMatchObject({ municipalityNisCode: OWN });

    const codeState = async () => {
      const row = await api.dataSource.getRepository(ActivationCode).findOneByOrFail({ id: code });
      return { status: row.status, printCount: row.printCount, lastPrintedAt: row.lastPrintedAt, endReason: row.endReason };
    };
    const codesOf = (evidenceId: string) => async () => api.dataSource.getRepository(ActivationCode).find({ where: { evidenceId }, select: { id: true, status: true }, order: { id: 'ASC' } });
    const scanState = async () => api.dataSource.getRepository(Document).findOne({ where: { id: scanId }, select: { id: true, status: true, retainUntil: true } });
    const [other, own] = [`clerk of ${OTHER} (other)`, `clerk of ${OWN} (own)`];
    const url = `/api/desk/activation-codes/${code}`;
    const found = await run([
      { route: 'GET /api/desk/mrz-scans/:id', record: 'MRZ scan', who: other, status: 404, code: 'desk.scan_not_found', send: () => otherClerk.get(`/api/desk/mrz-scans/${scanId}`), state: scanState },
      { route: 'GET /api/desk/mrz-scans/:id', record: 'MRZ scan', who: own, status: 200, send: () => clerk.get(`/api/desk/mrz-scans/${scanId}`) },
      { route: 'GET /api/desk/activation-codes', record: 'activation code', who: other, status: 200, send: () => otherClerk.get('/api/desk/activation-codes'), check: lists(false, code, (body) => body) },
      { route: 'GET /api/desk/activation-codes', record: 'activation code', who: own, status: 200, send: () => clerk.get('/api/desk/activation-codes'), check: lists(true, code, (body) => body) },
      { route: 'GET /api/desk/activation-codes/:id', record: 'activation code', who: other, status: 404, code: 'desk.code_not_found', send: () => otherClerk.get(url), state: codeState },
      { route: 'GET /api/desk/activation-codes/:id', record: 'activation code', who: own, status: 200, send: () => clerk.get(url) },
      // Reading the same person's card elsewhere says a code is live (a new one would revoke it), not which.
      {
        route: 'POST /api/desk/card-reads',
        record: 'activation code (live, of the cardholder)',
        who: other,
        status: 200,
        send: () => otherClerk.post('/api/desk/card-reads', { files: cardFiles }),
        state: codeState,
        check: (response) => (response.body.hasLiveCode === true && !JSON.stringify(response.body).includes(code) ? null : `hasLiveCode ${response.body.hasLiveCode}, names the code: ${JSON.stringify(response.body).includes(code)}`),
      },
      { route: 'GET /api/desk/activation-codes/:id/letter', record: 'activation code', who: other, status: 404, code: 'desk.code_not_found', send: () => otherClerk.download(`${url}/letter`), state: codeState },
      // No worker in this spec renders the letter: past the scope check, the api says it is not ready yet.
      { route: 'GET /api/desk/activation-codes/:id/letter', record: 'activation code', who: own, status: 409, code: 'desk.letter_not_ready', send: () => clerk.download(`${url}/letter`) },
      { route: 'POST /api/desk/activation-codes/:id/prints', record: 'activation code', who: other, status: 404, code: 'desk.code_not_found', send: () => otherClerk.post(`${url}/prints`), state: codeState },
      { route: 'POST /api/desk/activation-codes/:id/prints', record: 'activation code', who: own, status: 200, send: () => clerk.post(`${url}/prints`), check: (response) => (response.body.printCount === 1 ? null : `printCount ${response.body.printCount}`) },
      { route: 'POST /api/desk/activation-codes (evidenceId)', record: 'card-read evidence', who: other, status: 404, code: 'desk.evidence_not_found', send: () => otherClerk.post('/api/desk/activation-codes', { evidenceId: cardEvidence, email: uniqueEmail('scope'), language: 'fr' }), state: codesOf(cardEvidence) },
      { route: 'POST /api/desk/activation-codes (evidenceId)', record: 'document-check evidence', who: other, status: 404, code: 'desk.evidence_not_found', send: () => otherClerk.post('/api/desk/activation-codes', { evidenceId: documentEvidence, email: uniqueEmail('scope'), language: 'fr' }), state: codesOf(documentEvidence) },
      { route: 'POST /api/desk/activation-codes (evidenceId)', record: 'document-check evidence', who: own, status: 201, send: () => clerk.post('/api/desk/activation-codes', { evidenceId: documentEvidence, email: uniqueEmail('scope'), language: 'fr' }) },
      { route: 'POST /api/desk/activation-codes/:id/revoke', record: 'activation code', who: other, status: 404, code: 'desk.code_not_found', send: () => otherClerk.post(`${url}/revoke`), state: codeState },
      { route: 'POST /api/desk/activation-codes/:id/revoke', record: 'activation code', who: own, status: 200, send: () => clerk.post(`${url}/revoke`), check: (response) => (response.body.state === 'revoked' ? null : `state ${response.body.state}`) },
    ]);
    expect(found).toEqual([]);
  });

  // ── NISS requester pages: organisation scope ──────────────────────────────────

  it('NISS: another organisation’s requester can neither see nor change this organisation’s documents and requests; a colleague of the same organisation can (by design)', async () => {
    const organisation = await createOrganisation(api.dataSource);
    const author = await signInRequester(api.app, api.server, organisation.id);
    const colleague = await signInRequester(api.app, api.server, organisation.id);
    const outsider = await signInRequester(api.app, api.server, (await createOrganisation(api.dataSource)).id);
    const operator = await signedIn(await createStaff(api.app, { roles: ['niss_operator'] }));

    const upload = async (requester: TestRequester): Promise<string> => {
      const response = await requester.client.upload('/api/requester/documents', 'files', await colourPng(), { filename: 'id.png', contentType: 'image/png' });
      expect(response.status).toBe(202);
      return response.body.id as string;
    };
    const document = await upload(author);
    const submitted = await author.client.send('post', '/api/requester/tickets', { documentId: document, data: requestData() });
    expect(submitted.status).toBe(201);
    const ticket: string = submitted.body.ticket.id;
    expect(submitted.body.ticket.status).toBe('pending');
    // An operator asks for a new document: the request now awaits a re-upload (what /reupload needs).
    expect((await operator.post(`/api/niss/tickets/${ticket}/claim`)).status).toBe(200);
    expect((await operator.post(`/api/niss/tickets/${ticket}/reupload-request`, { reason: 'quality_insufficient' })).body.status).toBe('action_required');
    const unsent = await upload(author);
    const outsidersOwn = await upload(outsider);
    const colleaguesNew = await upload(colleague);

    const ticketState = async () => api.dataSource.getRepository(NissTicket).findOne({ where: { id: ticket }, select: { id: true, status: true, documentId: true, data: true, answerSeenAt: true } });
    const documentState = (id: string) => async () => ({
      document: await api.dataSource.getRepository(Document).findOne({ where: { id }, select: { id: true, status: true, retainUntil: true } }),
      tickets: await api.dataSource.getRepository(NissTicket).count({ where: { documentId: id } }),
    });
    const ticketsOf = async () => api.dataSource.getRepository(NissTicket).count({ where: { organisationId: organisation.id } });
    const [other, own, author_] = ['requester of another organisation (other)', 'colleague of the same organisation (own)', 'author (own)'];
    const found = await run([
      ...[
        ['GET /api/requester/documents/:id', `/api/requester/documents/${document}`, 'niss.document_not_found'],
        ['GET /api/requester/documents/:id/pages/:n', `/api/requester/documents/${document}/pages/1`, 'niss.document_not_found'],
        ['GET /api/requester/tickets/:id', `/api/requester/tickets/${ticket}`, 'niss.ticket_not_found'],
      ].flatMap(([route, path, code]): ScopeCase[] => [
        { route: route!, record: route!.includes('documents') ? 'sent document' : 'request', who: other, status: 404, code, send: () => outsider.client.get(path!), state: route!.includes('documents') ? documentState(document) : ticketState },
        { route: route!, record: route!.includes('documents') ? 'sent document' : 'request', who: own, status: 200, send: () => colleague.client.get(path!) },
        { route: route!, record: route!.includes('documents') ? 'sent document' : 'request', who: author_, status: 200, send: () => author.client.get(path!) },
      ]),
      { route: 'GET /api/requester/documents/:id', record: 'unsent document', who: other, status: 404, code: 'niss.document_not_found', send: () => outsider.client.get(`/api/requester/documents/${unsent}`), state: documentState(unsent) },
      { route: 'GET /api/requester/documents/:id', record: 'unsent document', who: own, status: 200, send: () => colleague.client.get(`/api/requester/documents/${unsent}`) },
      { route: 'GET /api/requester/tickets', record: 'request', who: other, status: 200, send: () => outsider.client.get('/api/requester/tickets?scope=organisation&pageSize=100'), check: lists(false, ticket, (body) => [...body.items, ...body.notifications]) },
      { route: 'GET /api/requester/tickets', record: 'request', who: own, status: 200, send: () => colleague.client.get('/api/requester/tickets?scope=organisation&pageSize=100'), check: lists(true, ticket, (body) => body.items) },
      { route: 'GET /api/requester/tickets?scope=mine', record: 'request', who: own, status: 200, send: () => colleague.client.get('/api/requester/tickets?scope=mine&pageSize=100'), check: lists(false, ticket, (body) => body.items) },
      { route: 'POST /api/requester/tickets (documentId)', record: 'unsent document', who: other, status: 404, code: 'niss.document_not_found', send: () => outsider.client.send('post', '/api/requester/tickets', { documentId: unsent, data: requestData() }), state: documentState(unsent) },
      { route: 'POST /api/requester/tickets (documentId)', record: 'sent document', who: other, status: 404, code: 'niss.document_not_found', send: () => outsider.client.send('post', '/api/requester/tickets', { documentId: document, data: requestData() }), state: documentState(document) },
      // Another organisation's request, re-uploaded with the outsider's own (valid) document: refused, and neither changes.
      {
        route: 'POST /api/requester/tickets/:id/reupload',
        record: 'request',
        who: other,
        status: 404,
        code: 'niss.ticket_not_found',
        send: () => outsider.client.send('post', `/api/requester/tickets/${ticket}/reupload`, { documentId: outsidersOwn, data: requestData() }),
        state: async () => [await ticketState(), await documentState(outsidersOwn)()],
      },
      { route: 'POST /api/requester/tickets/:id/reupload (documentId)', record: 'unsent document', who: other, status: 404, send: () => outsider.client.send('post', `/api/requester/tickets/${ticket}/reupload`, { documentId: unsent, data: requestData() }), state: async () => [await ticketState(), await documentState(unsent)()] },
      { route: 'POST /api/requester/tickets/:id/reupload', record: 'request', who: own, status: 200, send: () => colleague.client.send('post', `/api/requester/tickets/${ticket}/reupload`, { documentId: colleaguesNew, data: requestData() }), check: (response) => (response.body.status === 'pending' ? null : `status ${response.body.status}`) },
      { route: 'POST /api/requester/tickets (documentId)', record: 'unsent document', who: own, status: 201, send: () => colleague.client.send('post', '/api/requester/tickets', { documentId: unsent, data: requestData() }) },
      { route: 'DELETE /api/requester/tickets/:id', record: 'request', who: other, status: 404, code: 'niss.ticket_not_found', send: () => outsider.client.send('delete', `/api/requester/tickets/${ticket}`), state: async () => [await ticketState(), await ticketsOf()] },
      { route: 'DELETE /api/requester/tickets/:id', record: 'request', who: own, status: 200, send: () => colleague.client.send('delete', `/api/requester/tickets/${ticket}`), check: (response) => (response.body.status === 'deleted' ? null : `status ${response.body.status}`) },
      { route: 'GET /api/requester/tickets/:id', record: 'deleted request', who: author_, status: 404, code: 'niss.ticket_not_found', send: () => author.client.get(`/api/requester/tickets/${ticket}`) },
    ]);
    expect(found).toEqual([]);
  });

  // ── video: agent scope and appointment session scope ───────────────────────────

  it('video: another agent can neither see nor act on this agent’s appointment; a citizen’s appointment session reaches its own appointment only', async () => {
    const owner = await createStaff(api.app, { roles: ['video_agent'] });
    const otherAgent = await signedIn(await createStaff(api.app, { roles: ['video_agent'] }));
    const agent = await signedIn(owner);
    const supervisor = await signedIn(await createStaff(api.app, { roles: ['supervisor'] }));
    // A supervisor who is also a video agent: sees every appointment, acts only on their own.
    const supervisingAgent = await signedIn(await createStaff(api.app, { roles: ['video_agent', 'supervisor'] }));

    const booked = await bookOn(owner.id);
    const second = await bookOn(owner.id);
    const pattern = await api.dataSource.getRepository(VideoAvailabilityPattern).findOneByOrFail({ agentId: owner.id });
    const exception = await agent.post('/api/video/availability/exceptions', { day: addDays(brusselsDate(new Date()), 400), kind: 'unavailable' });
    expect(exception.status).toBe(201);
    // Test setup (the worker's copy check and the clock, as in video-booking): an ID copy, confirmed, beginning in 5 minutes.
    const copy = await storeIdCopy(api, await colourPng());
    const startsAt = new Date(Date.now() + 5 * 60_000);
    await api.dataSource.getRepository(Appointment).update({ id: booked.id }, { idDocumentId: copy.id, copyStatus: 'accepted', status: 'confirmed', startsAt, endsAt: new Date(startsAt.getTime() + 20 * 60_000) });
    const still = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 200, g: 100, b: 50 } } }).jpeg().toBuffer();
    let stillId = '00000000-0000-4000-8000-000000000000';

    const appointmentState = async () => {
      const row = await api.dataSource.getRepository(Appointment).findOneByOrFail({ id: booked.id });
      return { status: row.status, startedAt: row.startedAt, endedAt: row.endedAt, activationCodeId: row.activationCodeId, stills: await api.dataSource.query(`SELECT count(*) FROM appointment_still WHERE appointment_id = $1`, [booked.id]) };
    };
    const url = `/api/video/appointments/${booked.id}`;
    const today = brusselsDate(new Date());
    const [other, own] = ['another video agent (other)', 'the assigned agent (own)'];
    const found = await run([
      // Appointment sessions: the cookie names the appointment; a link with another booking's security code opens nothing.
      { route: 'POST /api/video/access', record: 'appointment link', who: 'holder of another booking’s security code (other)', status: 403, code: 'video.access.wrong_code', send: async () => (await anonymousClient(api)).post('/api/video/access', { token: booked.token, securityCode: second.securityCode }) },
      {
        route: 'GET /api/video/access/appointment',
        record: 'appointment',
        who: 'appointment session of another booking (other)',
        status: 200,
        send: async () => {
          const client = await anonymousClient(api);
          await client.post('/api/video/access', { token: second.token, securityCode: second.securityCode });
          return client.get('/api/video/access/appointment');
        },
        check: (response) => (response.body.reference === second.reference && !JSON.stringify(response.body).includes(booked.reference) ? null : `answered ${JSON.stringify(response.body)}`),
      },
      { route: 'GET /api/video/agenda', record: 'appointment', who: other, status: 200, send: () => otherAgent.get(`/api/video/agenda?from=${today}&days=2`), check: lists(false, booked.id, (body) => body.appointments) },
      { route: 'GET /api/video/agenda', record: 'appointment', who: own, status: 200, send: () => agent.get(`/api/video/agenda?from=${today}&days=2`), check: lists(true, booked.id, (body) => body.appointments) },
      { route: 'GET /api/video/agenda?agentId', record: 'agenda', who: other, status: 403, code: 'video.not_your_agenda', send: () => otherAgent.get(`/api/video/agenda?from=${today}&days=2&agentId=${owner.id}`) },
      { route: 'GET /api/video/agenda?agentId', record: 'agenda', who: 'supervisor (sees all by design)', status: 200, send: () => supervisor.get(`/api/video/agenda?from=${today}&days=2&agentId=${owner.id}`), check: lists(true, booked.id, (body) => body.appointments) },
      { route: 'GET /api/video/availability?agentId', record: 'availability', who: other, status: 403, code: 'video.not_your_agenda', send: () => otherAgent.get(`/api/video/availability?agentId=${owner.id}`) },
      { route: 'POST /api/video/availability/patterns (agentId)', record: 'availability', who: other, status: 403, code: 'video.not_your_agenda', send: () => otherAgent.post('/api/video/availability/patterns', { agentId: owner.id, weekday: 1, startTime: '06:00', endTime: '06:20', validFrom: addDays(today, 400) }), state: async () => api.dataSource.getRepository(VideoAvailabilityPattern).countBy({ agentId: owner.id }) },
      { route: 'POST /api/video/availability/exceptions (agentId)', record: 'availability', who: other, status: 403, code: 'video.not_your_agenda', send: () => otherAgent.post('/api/video/availability/exceptions', { agentId: owner.id, day: addDays(today, 401), kind: 'unavailable' }), state: async () => api.dataSource.query(`SELECT count(*) FROM video_availability_exception WHERE agent_id = $1`, [owner.id]) },
      { route: 'DELETE /api/video/availability/patterns/:id', record: 'availability pattern', who: other, status: 404, code: 'video.pattern_not_found', send: () => otherAgent.send('delete', `/api/video/availability/patterns/${pattern.id}`), state: async () => api.dataSource.getRepository(VideoAvailabilityPattern).existsBy({ id: pattern.id }) },
      { route: 'DELETE /api/video/availability/exceptions/:id', record: 'availability exception', who: other, status: 404, code: 'video.exception_not_found', send: () => otherAgent.send('delete', `/api/video/availability/exceptions/${exception.body.id}`), state: async () => api.dataSource.query(`SELECT count(*) FROM video_availability_exception WHERE id = $1`, [exception.body.id]) },
      { route: 'DELETE /api/video/availability/exceptions/:id', record: 'availability exception', who: own, status: 204, send: () => agent.send('delete', `/api/video/availability/exceptions/${exception.body.id}`) },
      { route: 'GET /api/video/appointments/:id', record: 'appointment', who: other, status: 404, code: 'video.appointment_not_found', send: () => otherAgent.get(url), state: appointmentState },
      { route: 'GET /api/video/appointments/:id', record: 'appointment', who: own, status: 200, send: () => agent.get(url) },
      { route: 'GET /api/video/appointments/:id', record: 'appointment', who: 'supervisor (sees all by design)', status: 200, send: () => supervisor.get(url) },
      { route: 'GET /api/video/appointments/:id/id-copy/pages/:n', record: 'appointment', who: other, status: 404, code: 'video.appointment_not_found', send: () => otherAgent.download(`${url}/id-copy/pages/1`) },
      { route: 'GET /api/video/appointments/:id/id-copy/pages/:n', record: 'appointment', who: own, status: 200, send: () => agent.download(`${url}/id-copy/pages/1`) },
      // The interview moves: another agent is told the appointment does not exist, as the reads answer.
      { route: 'POST /api/video/appointments/:id/start', record: 'appointment', who: other, status: 404, code: 'video.appointment_not_found', send: () => otherAgent.post(`${url}/start`), state: appointmentState },
      { route: 'POST /api/video/appointments/:id/no-show', record: 'appointment', who: other, status: 404, code: 'video.appointment_not_found', send: () => otherAgent.post(`${url}/no-show`), state: appointmentState },
      { route: 'POST /api/video/appointments/:id/start', record: 'appointment', who: 'video agent and supervisor (sees it, not theirs)', status: 403, code: 'video.not_assigned', send: () => supervisingAgent.post(`${url}/start`), state: appointmentState },
      { route: 'POST /api/video/appointments/:id/start', record: 'appointment', who: own, status: 200, send: () => agent.post(`${url}/start`) },
      { route: 'POST /api/video/appointments/:id/stills', record: 'appointment', who: other, status: 404, code: 'video.appointment_not_found', send: () => otherAgent.upload(`${url}/stills`, 'file', still, { filename: 'still.jpg', contentType: 'image/jpeg' }), state: appointmentState },
      {
        route: 'POST /api/video/appointments/:id/stills',
        record: 'appointment',
        who: own,
        status: 201,
        send: async () => {
          const response = await agent.upload(`${url}/stills`, 'file', still, { filename: 'still.jpg', contentType: 'image/jpeg' });
          stillId = response.body.id ?? stillId;
          return response;
        },
      },
      { route: 'GET /api/video/appointments/:id/stills/:stillId', record: 'still', who: other, status: 404, code: 'video.appointment_not_found', send: () => otherAgent.download(`${url}/stills/${stillId}`) },
      { route: 'GET /api/video/appointments/:id/stills/:stillId', record: 'still', who: own, status: 200, send: () => agent.download(`${url}/stills/${stillId}`) },
      { route: 'GET /api/video/appointments/:id/stills/:stillId', record: 'still of another appointment', who: own, status: 404, code: 'video.still_not_found', send: () => agent.download(`/api/video/appointments/${second.id}/stills/${stillId}`) },
      { route: 'POST /api/video/appointments/:id/refuse', record: 'appointment', who: other, status: 404, code: 'video.appointment_not_found', send: () => otherAgent.post(`${url}/refuse`, { reason: 'Not the person of the document' }), state: appointmentState },
      { route: 'POST /api/video/appointments/:id/approve', record: 'appointment', who: other, status: 404, code: 'video.appointment_not_found', send: () => otherAgent.post(`${url}/approve`, approveBody()), state: appointmentState },
      { route: 'POST /api/video/appointments/:id/approve', record: 'appointment', who: own, status: 200, send: () => agent.post(`${url}/approve`, approveBody()) },
    ]);
    expect(found).toEqual([]);

  });

  /** A slot only this agent offers (a day 100–300 days ahead, checked against the public list), booked through the api. */
  async function bookOn(agentId: string): Promise<BookedAppointment> {
    const { startsAt } = await exclusiveSlot(api, [agentId], () => addDays(brusselsDate(new Date()), randomInt(100, 300)));
    return bookAppointment(api, startsAt, `scope-${TAG.toLowerCase()}-${randomBytes(3).toString('hex')}@citizen.test`);
  }
});

/** A NISS request (no candidate in the persons register: it waits for an operator). */
function requestData() {
  return {
    document: { type: 'passport', number: 'EM1234567', issuingCountry: 'MAR', validUntil: `${new Date().getUTCFullYear() + 1}-06-30`, nationalNumber: null, mrz: [] },
    person: { surname: `Scope${TAG}`, givenNames: 'Youssef', birthDate: '1931-04-12', sex: 'M', nationality: 'MAR', birthPlace: 'Casablanca', birthCountry: 'MA' },
    residence: { street: 'Rue Ibn Batouta', houseNumber: '12', box: null, postalCode: '20000', municipality: 'Casablanca', country: 'MA' },
    contactAddress: null,
    comment: 'Seasonal worker',
    notificationEmail: 'hr@employer.test',
  };
}

/** A complete approval (checklist ticked, the person as read on the copy). */
function approveBody() {
  const base = `900412${String(randomInt(1, 997)).padStart(3, '0')}`;
  return {
    checklist: { faceMatches: true, documentGenuine: true, dataConfirmed: true, livenessChecked: true },
    person: {
      surname: 'Peeters',
      givenNames: 'Lotte Marie',
      birthDate: '1990-04-12',
      sex: 'F',
      nationalNumber: `${base}${String(97 - (Number(base) % 97)).padStart(2, '0')}`,
      nationality: 'BEL',
      documentType: 'identity_card',
      documentNumber: `B${randomInt(10_000_000, 99_999_999)}`,
      issuingState: 'BEL',
      validUntil: `${new Date().getUTCFullYear() + 5}-01-18`,
    },
  };
}
