import { NissTicket, Organisation, OrganisationMember } from '@sesame/database';
import { isValidNationalNumber } from '@sesame/domain';
import { randomInt } from 'node:crypto';
import { In } from 'typeorm';
import { ApiHarness, startApi } from '../../../test/integration/support/api-harness';
import { ConsoleClient } from '../../../test/integration/support/console-client';
import { createStaff } from '../../../test/integration/support/factories';
import { colourPng, createOrganisation, signInRequester } from '../../../test/integration/support/niss-factory';
import { DocumentsService } from '../documents/documents.service';
import { Member, NISS_DOCUMENT_MAX_PAGES, RequesterService } from './requester.service';

const SUBMISSIONS = 1000;
const BIS_DECISIONS = 60;
const YEAR = 1902 + randomInt(0, 60);
const TAG = `C${randomInt(100000, 999999)}`;

const data = (i: number) => ({
  document: { type: 'passport' as const, number: `PX${String(i).padStart(7, '0')}`, issuingCountry: 'ROU', validUntil: `${new Date().getUTCFullYear() + 2}-01-31`, nationalNumber: null, mrz: [] },
  // One birth date and sex for all: the BIS numbers all come from the same counter.
  person: { surname: `Popescu${TAG}${i}`, givenNames: 'Ion', birthDate: `${YEAR}-03-08`, sex: 'M' as const, nationality: 'ROU', birthPlace: null, birthCountry: null },
  residence: null,
  contactAddress: null,
  comment: null,
  notificationEmail: 'hr@employer.test',
});

describe('NISS tickets under concurrency (integration)', () => {
  let api: ApiHarness;
  let organisation: Organisation;
  let member: Member;

  beforeAll(async () => {
    api = await startApi();
    organisation = await createOrganisation(api.dataSource);
    const repository = api.dataSource.getRepository(OrganisationMember);
    const saved = await repository.save(repository.create({ organisationId: organisation.id, email: `load-${TAG.toLowerCase()}@org.test`, displayName: 'Load', role: 'requester', language: 'en' }));
    member = Object.assign(saved, { organisation: { id: organisation.id, name: organisation.name, enterpriseNumber: organisation.enterpriseNumber } });
  });
  afterAll(async () => {
    // This spec's documents are never OCR'd: their analysis jobs must not reach the OCR worker of
    // specs that run later on the same database (a thousand of them would starve those specs).
    await api.dataSource.query(
      `DELETE FROM outbox_message WHERE job_name = 'documents.analyse' AND dispatched_at IS NULL
         AND payload->>'documentId' IN (SELECT d.id::text FROM document d JOIN organisation_member m ON m.id = d.uploaded_by_member WHERE m.organisation_id = $1)`,
      [organisation.id],
    );
    await api.close();
  });

  it(`takes ${SUBMISSIONS} concurrent submissions as ${SUBMISSIONS} tickets with distinct numbers, and concurrent new BIS numbers never collide`, async () => {
    const documents = api.app.get(DocumentsService);
    const png = await colourPng();
    const documentIds: string[] = [];
    for (let i = 0; i < SUBMISSIONS; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, SUBMISSIONS - i) }, () =>
          documents.create({
            purpose: 'niss_identity',
            pages: [png],
            maxPages: NISS_DOCUMENT_MAX_PAGES,
            retainUntil: new Date(Date.now() + 3_600_000),
            uploadedBy: null,
            uploadedByMember: member.id,
            municipalityNisCode: null,
            actor: { staffId: null, email: null, role: 'requester', municipalityNisCode: null },
            requestId: null,
          }),
        ),
      );
      documentIds.push(...batch.map((d) => d.id));
    }
    const requests = api.app.get(RequesterService);
    const results = await Promise.allSettled(documentIds.map((documentId, i) => requests.submit(member, documentId, data(i), { requestId: `load-${i}`, language: 'en' })));
    const failures = results.filter((r) => r.status === 'rejected');
    expect(failures).toEqual([]);
    const tickets = await api.dataSource.getRepository(NissTicket).find({ where: { organisationId: organisation.id }, select: { id: true, number: true, status: true, documentId: true } });
    expect(tickets).toHaveLength(SUBMISSIONS);
    expect(new Set(tickets.map((t) => t.number)).size).toBe(SUBMISSIONS);
    expect(new Set(tickets.map((t) => t.documentId)).size).toBe(SUBMISSIONS);
    expect(tickets.every((t) => t.status === 'pending')).toBe(true);

    // Several operators create BIS numbers for the same birth date and sex at the same time.
    const operators: ConsoleClient[] = [];
    for (let i = 0; i < 4; i += 1) {
      const client = new ConsoleClient(api.server);
      await client.signIn(await createStaff(api.app, { roles: ['niss_operator'] }));
      operators.push(client);
    }
    const chosen = tickets.slice(0, BIS_DECISIONS);
    await Promise.all(chosen.map((t, i) => operators[i % operators.length]!.send('post', `/api/niss/tickets/${t.id}/claim`, {})));
    const decisions = await Promise.all(chosen.map((t, i) => operators[i % operators.length]!.send('post', `/api/niss/tickets/${t.id}/bis`, {})));
    expect(decisions.map((d) => d.status)).toEqual(chosen.map(() => 200));
    const numbers = decisions.map((d) => d.body.ticket.niss as string);
    expect(new Set(numbers).size).toBe(BIS_DECISIONS);
    expect(numbers.every((n) => isValidNationalNumber(n) && Number(n.slice(6, 9)) % 2 === 1)).toBe(true);
    const identified = await api.dataSource.getRepository(NissTicket).countBy({ id: In(chosen.map((t) => t.id)), status: 'identified' });
    expect(identified).toBe(BIS_DECISIONS);
  });

  describe('with four eyes on new BIS numbers', () => {
    let fourEyes: ApiHarness;
    beforeAll(async () => {
      fourEyes = await startApi({ NISS_BIS_FOUR_EYES: 'true' });
    });
    afterAll(() => fourEyes.close());

    it('lets an operator only propose; another supervisor confirms, not the proposer', async () => {
      const requester = await signInRequester(fourEyes.app, fourEyes.server, organisation.id);
      const upload = await requester.client.upload('/api/requester/documents', 'files', await colourPng(), { filename: 'id.png', contentType: 'image/png' });
      // A person of their own (another birth date): the BIS persons of the first test are no candidates.
      const own = { ...data(0), person: { ...data(0).person, surname: `Ionescu${TAG}`, givenNames: 'Maria', birthDate: `${YEAR}-10-21`, sex: 'F' as const } };
      const submitted = await requester.client.send('post', '/api/requester/tickets', { documentId: upload.body.id, data: own });
      expect(submitted.body.ticket).toMatchObject({ status: 'pending' });
      const id = submitted.body.ticket.id as string;
      const clients: ConsoleClient[] = [];
      for (const roles of [['niss_operator'], ['supervisor'], ['supervisor']] as const) {
        const client = new ConsoleClient(fourEyes.server);
        await client.signIn(await createStaff(fourEyes.app, { roles: [...roles] }));
        clients.push(client);
      }
      const [operator, supervisorA, supervisorB] = clients as [ConsoleClient, ConsoleClient, ConsoleClient];
      expect((await supervisorA.send('post', `/api/niss/tickets/${id}/bis`, {})).body.code).toBe('niss.bis_not_proposed');
      expect((await operator.send('post', `/api/niss/tickets/${id}/claim`, {})).status).toBe(200);
      const proposal = await operator.send('post', `/api/niss/tickets/${id}/bis`, {});
      expect(proposal.body).toMatchObject({ proposed: true, ticket: { status: 'in_review', niss: null } });
      const review = await supervisorA.get(`/api/niss/tickets/${id}`);
      expect(review.body).toMatchObject({ bisFourEyes: true, bisProposedByName: expect.any(String) });
      const confirmed = await supervisorB.send('post', `/api/niss/tickets/${id}/bis`, {});
      expect(confirmed.body).toMatchObject({ proposed: false, ticket: { status: 'identified' } });
      const ticket = await fourEyes.dataSource.getRepository(NissTicket).findOneByOrFail({ id });
      expect(ticket.decision?.bis).toEqual({ proposedBy: expect.any(String), confirmedBy: expect.any(String) });
      expect(ticket.decision?.bis?.proposedBy).not.toBe(ticket.decision?.bis?.confirmedBy);
    });
  });
});
