import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig, Language } from '@sesame/config';
import { Document, DocumentPage, NissRequestData, NissTicket, NissTicketEvent, OrganisationMember } from '@sesame/database';
import { normalizeNationalNumber } from '@sesame/domain';
import { Brackets, DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { DocumentsService } from '../documents/documents.service';
import { PersonsService } from '../persons/persons.service';
import { NissException } from './niss.exception';
import { checkRequest } from './request-rules';
import { DAY_MS, OPEN_TICKET_RETENTION_DAYS, setDocumentRetention } from './document-retention';
import { prefillOf } from './request-prefill';
import { TicketActor, TicketWriter } from './ticket-writer';

/** A NISS request document holds one identity document: recto/verso on one or two pages (seed 004). */
export const NISS_DOCUMENT_MAX_PAGES = 2;

export interface RequesterMeta {
  requestId: string;
  language: Language;
}

export type Member = OrganisationMember & { organisation: { id: string; name: string; enterpriseNumber: string } };

export interface SubmitResult {
  ticket: NissTicket;
}

export interface TicketList {
  notifications: NissTicket[];
  items: NissTicket[];
  total: number;
}

/**
 * The requester's side of NISS tickets (seed 004): the identity document, sending the request with
 * its immediate answer (automatic identification), the overview with its notifications, the detail,
 * deleting a request that has no final answer, and sending a new document when asked.
 */
@Injectable()
export class RequesterService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly documents: DocumentsService,
    private readonly persons: PersonsService,
    private readonly writer: TicketWriter,
  ) {}

  /** Step 1: the identity document (one or two files, JPEG/PNG/PDF); OCR starts at once in the worker. */
  uploadDocument(member: Member, files: Buffer[], meta: RequesterMeta): Promise<Document> {
    return this.documents.create({
      purpose: 'niss_identity',
      pages: files,
      maxPages: NISS_DOCUMENT_MAX_PAGES,
      allowPdf: true,
      retainUntil: new Date(Date.now() + this.config.NISS_DRAFT_DOCUMENT_RETENTION_HOURS * 60 * 60 * 1000),
      uploadedBy: null,
      uploadedByMember: member.id,
      municipalityNisCode: null,
      actor: { staffId: null, email: null, role: 'requester', municipalityNisCode: null },
      requestId: meta.requestId,
    });
  }

  /** A document of the member's organisation (their own uploads, or those of the organisation's tickets). */
  async document(member: Member, documentId: string): Promise<Document> {
    const document = await this.dataSource
      .getRepository(Document)
      .createQueryBuilder('document')
      .leftJoin('organisation_member', 'uploader', 'uploader.id = document.uploaded_by_member')
      .where('document.id = :documentId AND document.purpose = :purpose', { documentId, purpose: 'niss_identity' })
      .andWhere('uploader.organisation_id = :organisationId', { organisationId: member.organisationId })
      .getOne();
    if (!document) throw new NissException('niss.document_not_found');
    return document;
  }

  async page(member: Member, documentId: string, pageNumber: number): Promise<DocumentPage> {
    const document = await this.document(member, documentId);
    const page = await this.dataSource.getRepository(DocumentPage).findOneBy({ documentId: document.id, pageNumber });
    if (!page) throw new NissException('niss.document_not_found');
    return page;
  }

  /**
   * Step 4, "send": the checks, then the ticket with its immediate answer — identified when the
   * persons register holds exactly one strong candidate (a national number from a valid document that
   * matches, or one candidate above the threshold), pending for an operator otherwise.
   */
  async submit(member: Member, documentId: string, data: NissRequestData, meta: RequesterMeta): Promise<SubmitResult> {
    this.check(data);
    const actor = requesterActor(member);
    const result = await this.persons.findCandidates({
      surname: data.person.surname,
      givenNames: data.person.givenNames,
      birthDate: data.person.birthDate,
      sex: data.person.sex,
      nationality: data.person.nationality,
      nationalNumber: data.document.nationalNumber,
    });
    const auto = result.autoIdentification;
    const ranked = result.candidates.slice(0, 5).map((c) => ({ personId: c.id, score: c.score, strong: c.strong }));
    const ticket = await this.dataSource.transaction(async (manager) => {
      const document = await this.claimDocument(manager, member, documentId);
      const [{ number }] = await manager.query<{ number: string }[]>(
        `SELECT 'NISS-' || to_char(now() AT TIME ZONE 'Europe/Brussels', 'YYYY') || '-' || lpad(nextval('niss_ticket_number_seq')::text, 7, '0') AS number`,
      );
      const created = await manager.getRepository(NissTicket).save(
        manager.getRepository(NissTicket).create({
          number,
          status: 'submitted',
          organisationId: member.organisationId,
          requestedBy: member.id,
          documentId: document.id,
          data: normalised(data),
          prefill: prefillOf(document.analysis),
          documentType: data.document.type,
          nationality: data.person.nationality,
          language: meta.language,
          submittedAt: new Date(),
        }),
      );
      await this.writer.created(manager, created, actor, meta.requestId, { documentId: document.id });
      if (auto.decision === 'identified') {
        const person = result.candidates[auto.index]!;
        await this.shortenRetention(manager, document.id);
        return this.writer.transition(manager, {
          ticketId: created.id,
          action: 'auto_identify',
          actor: { kind: 'system' },
          set: {
            personId: person.id,
            niss: person.nationalNumber,
            autoIdentified: true,
            decidedAt: () => 'now()',
            decision: { kind: 'automatic', reasons: [`niss.reason.${auto.reason}`], candidates: ranked },
          },
          details: { reason: auto.reason, personId: person.id, score: person.score },
          requestId: meta.requestId,
        });
      }
      return this.writer.transition(manager, {
        ticketId: created.id,
        action: 'queue',
        actor: { kind: 'system' },
        set: { decision: { kind: 'automatic', reasons: [`niss.reason.${auto.reason}`], candidates: ranked } },
        details: { reason: auto.reason, candidates: ranked.length },
        requestId: meta.requestId,
      });
    });
    return { ticket };
  }

  /** The overview: notifications (awaited actions, new answers) and the chronological list, paged. */
  async list(member: Member, scope: 'mine' | 'organisation', page: number, pageSize: number): Promise<TicketList> {
    const base = () => {
      const query = this.dataSource
        .getRepository(NissTicket)
        .createQueryBuilder('ticket')
        .where('ticket.organisationId = :organisationId', { organisationId: member.organisationId })
        .andWhere(`ticket.status <> 'deleted'`);
      if (scope === 'mine') query.andWhere('ticket.requestedBy = :memberId', { memberId: member.id });
      return query;
    };
    const notifications = await base()
      .andWhere(
        new Brackets((where) =>
          where
            .where(`ticket.status = 'action_required'`)
            .orWhere(`ticket.status IN ('identified', 'failed') AND ticket.autoIdentified = false AND ticket.answerSeenAt IS NULL`),
        ),
      )
      .orderBy('ticket.decidedAt', 'DESC', 'NULLS LAST')
      .addOrderBy('ticket.submittedAt', 'DESC')
      .take(50)
      .getMany();
    const [items, total] = await base()
      .orderBy('ticket.submittedAt', 'DESC')
      .addOrderBy('ticket.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { notifications, items, total };
  }

  /** A ticket of the member's organisation with its history; opening an answer marks it seen. */
  async detail(member: Member, ticketId: string): Promise<{ ticket: NissTicket; events: NissTicketEvent[] }> {
    const ticket = await this.dataSource.getRepository(NissTicket).findOneBy({ id: ticketId, organisationId: member.organisationId, status: Not('deleted') });
    if (!ticket) throw new NissException('niss.ticket_not_found');
    if ((ticket.status === 'identified' || ticket.status === 'failed') && ticket.answerSeenAt === null) {
      await this.dataSource.getRepository(NissTicket).update({ id: ticket.id, answerSeenAt: IsNull() }, { answerSeenAt: () => 'now()' });
    }
    const events = await this.dataSource.getRepository(NissTicketEvent).find({ where: { ticketId }, order: { id: 'ASC' } });
    return { ticket, events };
  }

  /** Deletes a request without a final answer: processing stops, the document goes at the next sweep. */
  delete(member: Member, ticketId: string, meta: RequesterMeta): Promise<NissTicket> {
    return this.dataSource.transaction(async (manager) => {
      const ticket = await this.writer.transition(manager, {
        ticketId,
        action: 'delete',
        actor: requesterActor(member),
        organisationId: member.organisationId,
        set: { claimedBy: null, claimedAt: null, claimTouchedAt: null, bisProposedBy: null, actionReason: null, actionText: null },
        requestId: meta.requestId,
      });
      await this.shortenRetention(manager, ticket.documentId, 0);
      return ticket;
    });
  }

  /** The awaited action: a new document (step 1 again) with the request's other data, back to the queue. */
  async reupload(member: Member, ticketId: string, documentId: string, data: NissRequestData, meta: RequesterMeta): Promise<NissTicket> {
    this.check(data);
    return this.dataSource.transaction(async (manager) => {
      const previous = await manager.getRepository(NissTicket).findOne({ where: { id: ticketId, organisationId: member.organisationId }, select: { id: true, documentId: true } });
      const document = await this.claimDocument(manager, member, documentId);
      const ticket = await this.writer.transition(manager, {
        ticketId,
        action: 'reupload',
        actor: requesterActor(member),
        organisationId: member.organisationId,
        set: {
          documentId: document.id,
          data: normalised(data),
          prefill: prefillOf(document.analysis),
          documentType: data.document.type,
          nationality: data.person.nationality,
          actionReason: null,
          actionText: null,
          answerSeenAt: null,
        },
        details: { documentId: document.id },
        requestId: meta.requestId,
      });
      // The replaced document is not needed any more: it goes at the next sweep.
      if (previous?.documentId && previous.documentId !== document.id) await this.shortenRetention(manager, previous.documentId, 0);
      return ticket;
    });
  }

  private check(data: NissRequestData): void {
    const violations = checkRequest(data, new Date());
    if (violations.length > 0) {
      const [first] = violations;
      throw new NissException(first!.code, first!.params ?? {}, { field: first!.field, violations: violations.map((v) => ({ code: v.code, field: v.field })) });
    }
  }

  /**
   * The member's organisation's uploaded document, not yet sent with a request: locked and given the
   * retention of an open ticket. A document goes with one request only.
   */
  private async claimDocument(manager: EntityManager, member: Member, documentId: string): Promise<Document> {
    const document = await manager
      .getRepository(Document)
      .createQueryBuilder('document')
      .innerJoin('organisation_member', 'uploader', 'uploader.id = document.uploaded_by_member')
      .where('document.id = :documentId AND document.purpose = :purpose', { documentId, purpose: 'niss_identity' })
      .andWhere('uploader.organisation_id = :organisationId', { organisationId: member.organisationId })
      .setLock('pessimistic_write', undefined, ['document'])
      .getOne();
    if (!document) throw new NissException('niss.document_not_found');
    const used = await manager.getRepository(NissTicket).exists({ where: { documentId } });
    if (used) throw new NissException('niss.document_in_use');
    await manager.getRepository(Document).update({ id: documentId }, { retainUntil: new Date(Date.now() + OPEN_TICKET_RETENTION_DAYS * DAY_MS) });
    return document;
  }

  private shortenRetention(manager: EntityManager, documentId: string | null, days = this.config.NISS_DOCUMENT_RETENTION_DAYS): Promise<void> {
    return setDocumentRetention(manager, documentId, days);
  }
}

export const requesterActor = (member: Member): TicketActor => ({ kind: 'requester', memberId: member.id, organisationId: member.organisationId });

/** The request as stored: the national number without separators. */
function normalised(data: NissRequestData): NissRequestData {
  const nationalNumber = data.document.nationalNumber ? normalizeNationalNumber(data.document.nationalNumber) : null;
  return { ...data, document: { ...data.document, nationalNumber, mrz: data.document.mrz ?? [] } };
}

