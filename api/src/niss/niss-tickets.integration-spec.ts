import { AuditEntry, Document, NissTicket, NissTicketEvent, Organisation, OutboxMessage, Person } from '@sesame/database';
import { makeBisNumber, parseNationalNumber, personNameKeys } from '@sesame/domain';
import { randomInt } from 'node:crypto';
import { ApiHarness, startApi } from '../../../test/integration/support/api-harness';
import { ConsoleClient } from '../../../test/integration/support/console-client';
import { createStaff, TestStaff } from '../../../test/integration/support/factories';
import { colourPng, createOrganisation, signInRequester, TestRequester } from '../../../test/integration/support/niss-factory';
import { makePdf } from '../../../worker/src/ocr/testing/pdf-document';

/** Birth years no other spec uses, so this run's candidates and BIS counters are its own. */
const YEAR = 1902 + randomInt(0, 60);
const TAG = `Z${randomInt(100000, 999999)}`;
const inAYear = `${new Date().getUTCFullYear() + 1}-06-30`;

function requestData(overrides: { surname?: string; givenNames?: string; birthDate?: string; nationalNumber?: string | null; validUntil?: string; mrz?: string[]; contactCountry?: string; sex?: 'M' | 'F' } = {}) {
  return {
    document: { type: 'passport', number: 'EM1234567', issuingCountry: 'MAR', validUntil: overrides.validUntil ?? inAYear, nationalNumber: overrides.nationalNumber ?? null, mrz: overrides.mrz ?? [] },
    person: {
      surname: overrides.surname ?? `Benali${TAG}`,
      givenNames: overrides.givenNames ?? 'Youssef',
      birthDate: overrides.birthDate ?? `${YEAR}-04-12`,
      sex: overrides.sex ?? 'M',
      nationality: 'MAR',
      birthPlace: 'Casablanca',
      birthCountry: 'MA',
    },
    residence: { street: 'Rue Ibn Batouta', houseNumber: '12', box: null, postalCode: '20000', municipality: 'Casablanca', country: 'MA' },
    contactAddress: overrides.contactCountry ? { street: 'Rue de la Loi', houseNumber: '16', box: null, postalCode: '1000', municipality: 'Bruxelles', country: overrides.contactCountry } : null,
    comment: 'Seasonal worker',
    notificationEmail: 'hr@employer.test',
  };
}

describe('NISS tickets: requesters and operators (integration)', () => {
  let api: ApiHarness;
  let organisation: Organisation;
  let requester: TestRequester;
  let operatorA: ConsoleClient;
  let operatorB: ConsoleClient;
  let supervisor: ConsoleClient;
  let operatorAStaff: TestStaff;

  async function upload(client: ConsoleClient): Promise<string> {
    const response = await client.upload('/api/requester/documents', 'files', await colourPng(), { filename: 'id.png', contentType: 'image/png' });
    expect(response.status).toBe(202);
    return response.body.id as string;
  }

  async function submit(data = requestData(), client = requester.client) {
    return client.send('post', '/api/requester/tickets', { documentId: await upload(client), data });
  }

  async function insertPerson(fields: Partial<Person> & { surname: string; givenNames: string }): Promise<Person> {
    const repository = api.dataSource.getRepository(Person);
    return repository.save(repository.create({ language: 'fr', ...fields, ...personNameKeys(fields.surname, fields.givenNames) }));
  }

  const ticketCount = () => api.dataSource.getRepository(NissTicket).count();

  async function staffClient(roles: ('niss_operator' | 'supervisor')[]): Promise<[ConsoleClient, TestStaff]> {
    const staff = await createStaff(api.app, { roles });
    const client = new ConsoleClient(api.server);
    await client.signIn(staff);
    return [client, staff];
  }

  beforeAll(async () => {
    api = await startApi();
    organisation = await createOrganisation(api.dataSource);
    requester = await signInRequester(api.app, api.server, organisation.id);
    [operatorA, operatorAStaff] = await staffClient(['niss_operator']);
    [operatorB] = await staffClient(['niss_operator']);
    [supervisor] = await staffClient(['supervisor']);
  });
  afterAll(() => api.close());

  it('answers at once: identified by a matching national number, identified by one strong candidate, pending otherwise', async () => {
    const byNumber = await insertPerson({ surname: `Peeters${TAG}`, givenNames: 'Anna', birthDate: `${YEAR}-02-03`, sex: 'F', nationality: 'BEL', nationalNumber: null });
    const nn = makeBisNumber({ birthDate: { year: YEAR, month: 2, day: 3 }, sex: 'F', counter: 998 });
    await api.dataSource.getRepository(Person).update({ id: byNumber.id }, { nationalNumber: nn });
    const strong = await insertPerson({ surname: `Kowalski${TAG}`, givenNames: 'Marek', birthDate: `${YEAR}-09-17`, sex: 'M', nationality: 'POL', nationalNumber: makeBisNumber({ birthDate: { year: YEAR, month: 9, day: 17 }, sex: 'M', counter: 997 }) });

    const first = await submit(requestData({ surname: `Peeters${TAG}`, givenNames: 'Anna', birthDate: `${YEAR}-02-03`, sex: 'F', nationalNumber: nn }));
    expect(first.status).toBe(201);
    expect(first.body.ticket).toMatchObject({ status: 'identified', display: 'identified', niss: nn, autoIdentified: true });
    expect(first.body.ticket.number).toMatch(/^NISS-\d{4}-\d{7}$/);

    const second = await submit({ ...requestData({ surname: `Kowalski${TAG}`, givenNames: 'Marek', birthDate: `${YEAR}-09-17` }), person: { ...requestData().person, surname: `Kowalski${TAG}`, givenNames: 'Marek', birthDate: `${YEAR}-09-17`, nationality: 'POL' } });
    expect(second.body.ticket).toMatchObject({ status: 'identified', niss: strong.nationalNumber, autoIdentified: true });

    const third = await submit(requestData({ surname: `Nobody${TAG}`, givenNames: 'Nemo' }));
    expect(third.body.ticket).toMatchObject({ status: 'pending', display: 'pending', niss: null, autoIdentified: false });

    const stored = await api.dataSource.getRepository(NissTicket).findOneByOrFail({ id: first.body.ticket.id });
    expect(stored.decision).toMatchObject({ kind: 'automatic', reasons: ['niss.reason.national_number_match'] });
    const events = await api.dataSource.getRepository(NissTicketEvent).find({ where: { ticketId: third.body.ticket.id }, order: { id: 'ASC' } });
    expect(events.map((e) => [e.action, e.fromStatus, e.toStatus])).toEqual([
      ['submit', null, 'submitted'],
      ['queue', 'submitted', 'pending'],
    ]);
    const audit = await api.dataSource.getRepository(AuditEntry).find({ where: { subjectId: third.body.ticket.id }, order: { id: 'ASC' } });
    expect(audit.map((a) => a.action)).toEqual(['niss_ticket.submit', 'niss_ticket.queue']);
    // The audit keeps the fact, not the person's data.
    expect(JSON.stringify(audit.map((a) => a.details))).not.toContain('Nobody');
  });

  it('refuses bad requests with a precise message and creates nothing', async () => {
    const before = await ticketCount();
    const cases: [ReturnType<typeof requestData>, number, string][] = [
      [requestData({ validUntil: '2020-01-31' }), 422, 'niss.document_expired'],
      [requestData({ birthDate: `${new Date().getUTCFullYear() + 1}-01-01` }), 422, 'niss.birth_date_in_future'],
      [requestData({ birthDate: `${YEAR}-02-30` }), 422, 'niss.birth_date_invalid'],
      [requestData({ nationalNumber: '85.07.30-033.29' }), 422, 'niss.national_number_invalid'],
      [requestData({ mrz: ['P<BELERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36BEL7408122F1204159ZE184226B<<<<<11'] }), 422, 'niss.mrz_invalid'],
      [requestData({ contactCountry: 'FR' }), 422, 'niss.contact_address_not_belgian'],
    ];
    for (const [data, status, code] of cases) {
      const response = await submit(data);
      expect({ code: response.body.code, status: response.status }).toEqual({ code, status });
      expect(response.body.message).toEqual(expect.any(String));
    }
    // A document of another organisation, and a document already sent with a request.
    const other = await signInRequester(api.app, api.server, (await createOrganisation(api.dataSource)).id);
    const foreign = await upload(other.client);
    expect((await requester.client.send('post', '/api/requester/tickets', { documentId: foreign, data: requestData() })).body.code).toBe('niss.document_not_found');
    expect(await ticketCount()).toBe(before);
    const documentId = await upload(requester.client);
    expect((await requester.client.send('post', '/api/requester/tickets', { documentId, data: requestData() })).status).toBe(201);
    expect((await requester.client.send('post', '/api/requester/tickets', { documentId, data: requestData() })).body.code).toBe('niss.document_in_use');
    expect(await ticketCount()).toBe(before + 1);
    // French for a French-speaking requester.
    const french = await signInRequester(api.app, api.server, organisation.id, 'fr');
    const expired = await submit(requestData({ validUntil: '2020-01-31' }), french.client);
    expect(expired.body.message).toBe('Le document a expiré le 2020-01-31. Envoyez un document encore valable.');
  });

  it('refuses a third page, a non-image, a 40 MB file, and keeps requesters to their organisation', async () => {
    const png = await colourPng();
    let req = requester.client.agent.post('/api/requester/documents').set('X-XSRF-TOKEN', requester.client.xsrf ?? '');
    for (let i = 0; i < 3; i += 1) req = req.attach('files', png, { filename: `p${i}.png`, contentType: 'image/png' });
    const three = await req;
    expect(three.status).toBe(400);
    expect(three.body.code).toBe('document.too_many_files');

    // Files are judged by their bytes, not by their names or declared types.
    const uploadAs = (bytes: Buffer, filename: string, contentType: string) => requester.client.upload('/api/requester/documents', 'files', bytes, { filename, contentType });
    const threePages = await makePdf([{}, {}, {}]);
    const refusedPdf = await uploadAs(threePages, 'scan.pdf', 'application/pdf');
    expect({ status: refusedPdf.status, code: refusedPdf.body.code }).toEqual({ status: 400, code: 'document.too_many_pages' });
    const pdfAsJpeg = await uploadAs(await makePdf([{ picture: png }, { picture: png }]), 'scan.jpg', 'image/jpeg');
    expect(pdfAsJpeg.status).toBe(202);
    expect(pdfAsJpeg.body).toMatchObject({ pageCount: 2 });
    expect((await uploadAs(png, 'photo.pdf', 'application/pdf')).status).toBe(202);
    const text = await uploadAs(Buffer.from('name;surname\nJan;Peeters\n'), 'id.pdf', 'application/pdf');
    expect({ status: text.status, code: text.body.code }).toEqual({ status: 415, code: 'document.unsupported_type_pdf' });
    const huge = await uploadAs(Buffer.concat([png, Buffer.alloc(40 * 1024 * 1024)]), 'huge.png', 'image/png');
    expect({ status: huge.status, code: huge.body.code }).toEqual({ status: 413, code: 'error.payload_too_large' });

    const outsider = await signInRequester(api.app, api.server, null);
    const refused = await outsider.client.get('/api/requester/tickets');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('niss.membership_required');

    const mine = await submit(requestData({ surname: `Private${TAG}` }));
    const other = await signInRequester(api.app, api.server, (await createOrganisation(api.dataSource)).id);
    expect((await other.client.get(`/api/requester/tickets/${mine.body.ticket.id}`)).status).toBe(404);
    expect((await other.client.send('delete', `/api/requester/tickets/${mine.body.ticket.id}`)).status).toBe(404);
    expect((await other.client.get(`/api/requester/documents/${mine.body.ticket.id}`)).status).toBe(404);
  });

  it('lets exactly one of two operators claim a ticket; the other cannot decide it; a supervisor can take it over', async () => {
    const { body } = await submit(requestData({ surname: `Race${TAG}` }));
    const id = body.ticket.id as string;
    const [a, b] = await Promise.all([operatorA.send('post', `/api/niss/tickets/${id}/claim`, {}), operatorB.send('post', `/api/niss/tickets/${id}/claim`, {})]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [winner, loser] = a.status === 200 ? [operatorA, operatorB] : [operatorB, operatorA];
    // The holder claiming again (a second tab) keeps the claim; nothing new is recorded.
    expect((await winner.send('post', `/api/niss/tickets/${id}/claim`, {})).body).toMatchObject({ status: 'in_review' });
    expect(await api.dataSource.getRepository(NissTicketEvent).countBy({ ticketId: id, action: 'claim' })).toBe(1);
    expect((a.status === 409 ? a : b).body.code).toBe('niss.claimed_by_other');
    const loserFail = await loser.send('post', `/api/niss/tickets/${id}/fail`, { reason: 'Not mine to decide' });
    expect(loserFail.status).toBe(409);
    expect(loserFail.body.code).toBe('niss.not_claimed_by_you');

    const queue = await loser.get(`/api/niss/queue?organisationId=${organisation.id}&limit=200`);
    const row = queue.body.items.find((item: { id: string }) => item.id === id);
    expect(row).toMatchObject({ status: 'in_review', claimedByName: expect.any(String), sla: 'ok' });

    const takeover = await supervisor.send('post', `/api/niss/tickets/${id}/claim`, { takeover: true });
    expect(takeover.status).toBe(200);
    expect((await winner.send('post', `/api/niss/tickets/${id}/fail`, { reason: 'Too late' })).body.code).toBe('niss.not_claimed_by_you');
    const failed = await supervisor.send('post', `/api/niss/tickets/${id}/fail`, { reason: 'The document does not belong to the person.' });
    expect(failed.body).toMatchObject({ status: 'failed', display: 'failed', failureReason: 'The document does not belong to the person.' });
    const ticket = await api.dataSource.getRepository(NissTicket).findOneByOrFail({ id });
    expect(ticket.claimedBy).toBeNull();
    const mail = await api.dataSource.getRepository(OutboxMessage).findOne({ where: { jobName: 'mail.send' }, order: { id: 'DESC' } });
    expect(mail?.payload).toMatchObject({ template: 'niss-answer-available', to: 'hr@employer.test', params: { ticketNumber: ticket.number } });
  });

  it('runs the re-upload loop and ends with a new BIS number, with the events, mails and notifications on the way', async () => {
    const { body } = await submit(requestData({ surname: `Loop${TAG}`, givenNames: 'Amina', birthDate: `${YEAR}-11-05`, sex: 'F' }));
    const id = body.ticket.id as string;
    // Deciding without a claim is an illegal move.
    const unclaimed = await operatorA.send('post', `/api/niss/tickets/${id}/bis`, {});
    expect(unclaimed.status).toBe(409);
    expect(unclaimed.body).toMatchObject({ code: 'niss.illegal_transition', allowed: ['claim', 'delete'] });

    expect((await operatorA.send('post', `/api/niss/tickets/${id}/claim`, {})).status).toBe(200);
    const review = await operatorA.get(`/api/niss/tickets/${id}`);
    expect(review.status).toBe(200);
    expect(review.body).toMatchObject({ organisationName: organisation.name, claimedBy: operatorAStaff.id, changes: [], document: { status: 'received', pageCount: 1 } });
    const other = await operatorA.send('post', `/api/niss/tickets/${id}/reupload-request`, { reason: 'other' });
    expect(other.body.code).toBe('niss.reupload_text_required');
    const asked = await operatorA.send('post', `/api/niss/tickets/${id}/reupload-request`, { reason: 'quality_insufficient' });
    expect(asked.body).toMatchObject({ status: 'action_required', actionReason: 'quality_insufficient' });
    const actionMail = await api.dataSource.query(`SELECT payload FROM outbox_message WHERE job_name = 'mail.send' AND payload->>'template' = 'niss-action-required' AND payload->'params'->>'ticketNumber' = $1`, [asked.body.number]);
    expect(actionMail).toHaveLength(1);
    expect(actionMail[0].payload.params.reason).toBe('The quality of the document is not sufficient');

    const overview = await requester.client.get('/api/requester/tickets?scope=mine');
    expect(overview.body.notifications.map((t: { id: string }) => t.id)).toContain(id);
    expect((await operatorA.get(`/api/niss/queue?awaitingReupload=true&organisationId=${organisation.id}&limit=200`)).body.items.map((t: { id: string }) => t.id)).toContain(id);

    const oldDocument = (await api.dataSource.getRepository(NissTicket).findOneByOrFail({ id })).documentId!;
    const newDocument = await upload(requester.client);
    const reuploaded = await requester.client.send('post', `/api/requester/tickets/${id}/reupload`, { documentId: newDocument, data: requestData({ surname: `Loop${TAG}`, givenNames: 'Amina', birthDate: `${YEAR}-11-05`, sex: 'F' }) });
    expect(reuploaded.body).toMatchObject({ status: 'pending', actionReason: null });
    const old = await api.dataSource.getRepository(Document).findOneByOrFail({ id: oldDocument });
    expect(old.retainUntil.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    // An action is awaited no more: the requester cannot re-upload twice.
    expect((await requester.client.send('post', `/api/requester/tickets/${id}/reupload`, { documentId: await upload(requester.client), data: requestData() })).body.code).toBe('niss.illegal_transition');

    expect((await operatorB.send('post', `/api/niss/tickets/${id}/claim`, {})).status).toBe(200);
    const bis = await operatorB.send('post', `/api/niss/tickets/${id}/bis`, {});
    expect(bis.status).toBe(200);
    expect(bis.body).toMatchObject({ proposed: false, ticket: { status: 'identified', display: 'identified' } });
    const info = parseNationalNumber(bis.body.ticket.niss);
    expect(info).toMatchObject({ kind: 'bis', sex: 'F' });
    expect(bis.body.ticket.niss.slice(2, 4)).toBe('51'); // November + 40: BIS with the sex known

    const listed = await requester.client.get('/api/requester/tickets?scope=organisation&pageSize=100');
    expect(listed.body.notifications.find((t: { id: string }) => t.id === id)).toMatchObject({ display: 'identified', niss: bis.body.ticket.niss });
    const detail = await requester.client.get(`/api/requester/tickets/${id}`);
    expect(detail.body.history.map((e: { action: string }) => e.action)).toEqual(['submit', 'queue', 'claim', 'request_reupload', 'reupload', 'claim', 'identify']);
    // Opened once, the answer leaves the notifications.
    expect((await requester.client.get('/api/requester/tickets?scope=mine')).body.notifications.map((t: { id: string }) => t.id)).not.toContain(id);
  });

  it('deletes only requests without a final answer', async () => {
    const pending = await submit(requestData({ surname: `Delete${TAG}` }));
    const deleted = await requester.client.send('delete', `/api/requester/tickets/${pending.body.ticket.id}`);
    expect(deleted.body).toMatchObject({ status: 'deleted' });
    expect((await requester.client.get(`/api/requester/tickets/${pending.body.ticket.id}`)).status).toBe(404);
    expect((await operatorA.send('post', `/api/niss/tickets/${pending.body.ticket.id}/claim`, {})).body.code).toBe('niss.illegal_transition');

    const claimed = await submit(requestData({ surname: `DeleteClaimed${TAG}` }));
    await operatorA.send('post', `/api/niss/tickets/${claimed.body.ticket.id}/claim`, {});
    expect((await requester.client.send('delete', `/api/requester/tickets/${claimed.body.ticket.id}`)).body.status).toBe('deleted');
    expect((await operatorA.send('post', `/api/niss/tickets/${claimed.body.ticket.id}/fail`, { reason: 'Gone' })).status).toBe(409);

    const failedOne = await submit(requestData({ surname: `DeleteFinal${TAG}` }));
    await operatorA.send('post', `/api/niss/tickets/${failedOne.body.ticket.id}/claim`, {});
    await operatorA.send('post', `/api/niss/tickets/${failedOne.body.ticket.id}/fail`, { reason: 'Unknown person' });
    const refused = await requester.client.send('delete', `/api/requester/tickets/${failedOne.body.ticket.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'niss.illegal_transition', allowed: [] });
  });

  it('asks many tickets for a new upload at once, reporting the ones it could not', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push((await submit(requestData({ surname: `Bulk${i}${TAG}` }))).body.ticket.id);
    await operatorB.send('post', `/api/niss/tickets/${ids[2]}/claim`, {});
    const bulk = await operatorA.send('post', '/api/niss/reupload-requests', { ticketIds: ids, reason: 'document_expired' });
    expect(bulk.body).toEqual([
      { ticketId: ids[0], ok: true },
      { ticketId: ids[1], ok: true },
      { ticketId: ids[2], ok: false, code: 'niss.claimed_by_other', message: 'Another operator is working on this request. Choose another one from the queue.' },
    ]);
  });

  it('gives supervisors the figures of the day', async () => {
    const figures = await supervisor.get('/api/niss/figures?days=7');
    expect(figures.status).toBe(200);
    expect(figures.body.days).toHaveLength(7);
    const today = figures.body.days.at(-1);
    expect(today.submitted).toBeGreaterThan(5);
    expect(today.autoIdentified).toBeGreaterThanOrEqual(2);
    expect(figures.body.pending).toBeGreaterThan(0);
    expect(figures.body.oldestPendingSubmittedAt).toEqual(expect.any(String));
    expect((await operatorA.get('/api/niss/figures')).status).toBe(403);
  });
});
