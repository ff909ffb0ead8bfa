/**
 * Demo NISS requests, sent through the application's own services (checks, automatic
 * identification, events, audit, the OCR job in the outbox) by the demo requester: a few wait for
 * an operator in the queue, one is identified at once because the person is in the register. The
 * identity documents are drawn like the OCR tests' pictures; the worker reads them once it runs.
 * Idempotent: nothing is sent when the demo organisation already has requests.
 */
import type { DataSource } from 'typeorm';
import { PersonsRepository } from '../../api/src/persons/persons.repository';
import { PersonsService } from '../../api/src/persons/persons.service';
import { DocumentsService } from '../../api/src/documents/documents.service';
import { Member, RequesterService } from '../../api/src/niss/requester.service';
import { TicketWriter } from '../../api/src/niss/ticket-writer';
import { AuditWriter } from '../../libs/audit/src';
import type { AppConfig } from '../../libs/config/src';
import { NissRequestData, NissTicket, OrganisationMember, Person } from '../../libs/database/src';
import { OutboxWriter } from '../../libs/outbox/src';
import { drawIdDocument, MrzHolder, td3Lines } from '../../worker/src/ocr/testing/id-card-image';
import { DEMO_REQUESTER } from './demo-requester';

interface DemoRequest {
  holder: MrzHolder;
  birthPlace: string;
  birthCountry: string;
  residence: NissRequestData['residence'];
  comment: string;
}

const mrzDate = (iso: string) => iso.slice(2).replace(/-/g, '');
const isoDate = (yymmdd: string, century: number) => `${century}${yymmdd.slice(0, 2)}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
const expiry = () => mrzDate(`${new Date().getUTCFullYear() + 4}-06-30`);

/** Persons the register does not hold: an operator decides. */
function waitingRequests(): DemoRequest[] {
  return [
    {
      holder: { documentCode: 'P', issuingState: 'MAR', documentNumber: 'UV4127735', nationality: 'MAR', surname: 'EL<IDRISSI', givenNames: ['YASSINE'], birthDate: '960517', sex: 'M', expiryDate: expiry() },
      birthPlace: 'Fès',
      birthCountry: 'MA',
      residence: { street: 'Rue Talaa Kbira', houseNumber: '41', box: null, postalCode: '30000', municipality: 'Fès', country: 'MA' },
      comment: 'Seasonal contract from 1 March (agriculture, Sint-Truiden).',
    },
    {
      holder: { documentCode: 'P', issuingState: 'POL', documentNumber: 'EW8841203', nationality: 'POL', surname: 'WISNIEWSKA', givenNames: ['KATARZYNA', 'ANNA'], birthDate: '890203', sex: 'F', expiryDate: expiry() },
      birthPlace: 'Łódź',
      birthCountry: 'PL',
      residence: { street: 'ul. Piotrkowska', houseNumber: '112', box: '4', postalCode: '90-006', municipality: 'Łódź', country: 'PL' },
      comment: 'Posted worker, construction site in Antwerp.',
    },
    {
      holder: { documentCode: 'P', issuingState: 'ROU', documentNumber: '053318472', nationality: 'ROU', surname: 'POPESCU', givenNames: ['ANDREI', 'MIHAI'], birthDate: '010922', sex: 'M', expiryDate: expiry() },
      birthPlace: 'Cluj-Napoca',
      birthCountry: 'RO',
      residence: null,
      comment: '',
    },
  ];
}

export async function seedDemoNissTickets(dataSource: DataSource, config: AppConfig): Promise<string[]> {
  const member = await dataSource.getRepository(OrganisationMember).findOne({ where: { email: DEMO_REQUESTER.email }, relations: { organisation: true } });
  if (!member || (await dataSource.getRepository(NissTicket).existsBy({ organisationId: member.organisationId }))) return [];
  const audit = new AuditWriter();
  const documents = new DocumentsService(config, dataSource, audit, new OutboxWriter());
  const persons = new PersonsService(new PersonsRepository(dataSource), config);
  const requests = new RequesterService(config, dataSource, documents, persons, new TicketWriter(audit));
  const meta = { requestId: 'seed:demo-niss', language: 'fr' as const };

  const demo: DemoRequest[] = waitingRequests();
  // One person of the synthetic register, with a passport: identified at once (a strong candidate).
  const known = await dataSource
    .getRepository(Person)
    .createQueryBuilder('person')
    .where(`person.synthetic AND person.sex IN ('M', 'F') AND person.birth_date IS NOT NULL AND person.nationality = 'ITA'`)
    .orderBy('person.nationalNumber')
    .getOne();
  if (known?.birthDate) {
    const surname = known.surname.toUpperCase().normalize('NFD').replace(/\p{M}+/gu, '').replace(/[^A-Z]+/g, '<');
    demo.push({
      holder: {
        documentCode: 'P',
        issuingState: 'ITA',
        documentNumber: 'YA7723419',
        nationality: 'ITA',
        surname,
        givenNames: known.givenNames.toUpperCase().normalize('NFD').replace(/\p{M}+/gu, '').split(/[^A-Z]+/).filter(Boolean),
        birthDate: mrzDate(known.birthDate),
        sex: known.sex as 'M' | 'F',
        expiryDate: expiry(),
      },
      birthPlace: known.birthPlace ?? 'Roma',
      birthCountry: 'IT',
      residence: { street: 'Via Garibaldi', houseNumber: '7', box: null, postalCode: '10122', municipality: 'Torino', country: 'IT' },
      comment: 'Already worked for us in 2023.',
    });
  }

  const sent: string[] = [];
  for (const request of demo) {
    const { holder } = request;
    const lines = td3Lines(holder);
    const document = await documents.create({
      purpose: 'niss_identity',
      pages: [drawIdDocument({ format: 'TD3', mrz: lines })],
      maxPages: 2,
      allowPdf: true,
      retainUntil: new Date(Date.now() + 24 * 3600 * 1000),
      uploadedBy: null,
      uploadedByMember: member.id,
      municipalityNisCode: null,
      actor: { staffId: null, email: null, role: 'requester', municipalityNisCode: null },
      requestId: meta.requestId,
    });
    const born = isoDate(holder.birthDate, Number(holder.birthDate.slice(0, 2)) > 30 ? 19 : 20);
    const { ticket } = await requests.submit(
      member as Member,
      document.id,
      {
        document: { type: 'passport', number: holder.documentNumber, issuingCountry: holder.issuingState, validUntil: isoDate(holder.expiryDate, 20), nationalNumber: null, mrz: lines },
        person: {
          surname: holder.surname.replace(/</g, ' '),
          givenNames: holder.givenNames.join(' '),
          birthDate: born,
          sex: holder.sex === '<' ? null : holder.sex,
          nationality: holder.nationality,
          birthPlace: request.birthPlace,
          birthCountry: request.birthCountry,
        },
        residence: request.residence,
        contactAddress: null,
        comment: request.comment || null,
        notificationEmail: DEMO_REQUESTER.email,
      },
      meta,
    );
    sent.push(`${ticket.number} (${ticket.status})`);
  }
  return sent.length ? [`NISS requests ${sent.join(', ')}`] : [];
}
