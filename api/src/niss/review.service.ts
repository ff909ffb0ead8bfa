import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditWriter } from '@sesame/audit';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { Document, DocumentPage, NissReuploadReason, NissTicket, NissTicketEvent, Person, Staff } from '@sesame/database';
import { OutboxWriter } from '@sesame/outbox';
import { DataSource, EntityManager } from 'typeorm';
import { auditActorOf, Principal } from '../auth/principal';
import { Candidate, parsePartialDate, PersonsService } from '../persons/persons.service';
import { setDocumentRetention } from './document-retention';
import { queueActionMail, queueAnswerMail } from './niss-mails';
import { NissException } from './niss.exception';
import { changedAfterPrefill, PrefillChange } from './request-prefill';
import { insertTicketEvent, TicketActor, TicketWriter } from './ticket-writer';

export interface QueueFilters {
  organisationId?: string;
  nationality?: string;
  documentType?: string;
  /** Tickets waiting for the requester's new document instead of the operators' queue. */
  awaitingReupload?: boolean;
  /** Only the tickets the operator holds. */
  mine?: boolean;
  /** Keyset paging: the last row of the previous page. */
  after?: { submittedAt: Date; id: string };
  limit: number;
}

export interface QueueRow {
  ticket: NissTicket;
  organisationName: string;
  claimedByName: string | null;
  ageMinutes: number;
  sla: 'ok' | 'warning' | 'late';
}

export interface ReviewView {
  ticket: NissTicket;
  organisationName: string;
  claimedByName: string | null;
  document: Document | null;
  changes: PrefillChange[];
  candidates: Candidate[];
  events: NissTicketEvent[];
  bisProposedByName: string | null;
}

export interface DayFigures {
  day: string;
  submitted: number;
  autoIdentified: number;
  autoIdentifiedPercent: number | null;
  decided: number;
  medianMinutesToDecision: number | null;
}

export interface Figures {
  days: DayFigures[];
  pending: number;
  inReview: number;
  awaitingReupload: number;
  oldestPendingSubmittedAt: Date | null;
}

export interface BulkResult {
  ticketId: string;
  ok: boolean;
  code?: string;
}

/**
 * The NISS operators' side: the queue, claims (one holder at a time, released after
 * NISS_CLAIM_IDLE_MINUTES idle, taken over by a supervisor), the review data, and the decisions —
 * each decision one transaction with its event, audit entry and the requester's mail.
 */
@Injectable()
export class ReviewService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly persons: PersonsService,
    private readonly writer: TicketWriter,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Pending tickets oldest first (with the ones in review, naming their holder), filtered, keyset-paged. */
  async queue(operator: Principal, filters: QueueFilters): Promise<QueueRow[]> {
    const query = this.dataSource
      .getRepository(NissTicket)
      .createQueryBuilder('ticket')
      .innerJoin('ticket.organisation', 'organisation')
      .leftJoin('ticket.claimant', 'claimant')
      .addSelect(['organisation.name', 'claimant.displayName'])
      .where('ticket.status IN (:...statuses)', { statuses: filters.awaitingReupload ? ['action_required'] : ['pending', 'in_review'] });
    if (filters.organisationId) query.andWhere('ticket.organisationId = :organisationId', { organisationId: filters.organisationId });
    if (filters.nationality) query.andWhere('ticket.nationality = :nationality', { nationality: filters.nationality });
    if (filters.documentType) query.andWhere('ticket.documentType = :documentType', { documentType: filters.documentType });
    if (filters.mine) query.andWhere('ticket.claimedBy = :me', { me: operator.staffId });
    if (filters.after) {
      query.andWhere('(ticket.submittedAt, ticket.id) > (:afterAt, :afterId)', { afterAt: filters.after.submittedAt, afterId: filters.after.id });
    }
    // `limit`, not `take`: the joins are many-to-one, so one LIMIT suffices (take would add a DISTINCT pre-query).
    const tickets = await query.orderBy('ticket.submittedAt', 'ASC').addOrderBy('ticket.id', 'ASC').limit(filters.limit).getMany();
    const now = Date.now();
    const slaMinutes = this.config.NISS_SLA_HOURS * 60;
    return tickets.map((ticket) => {
      const ageMinutes = Math.floor((now - ticket.submittedAt.getTime()) / 60_000);
      return {
        ticket,
        organisationName: (ticket.organisation as { name: string } | undefined)?.name ?? '',
        claimedByName: (ticket.claimant as { displayName: string } | undefined)?.displayName ?? null,
        ageMinutes,
        sla: ageMinutes >= slaMinutes ? 'late' : ageMinutes >= slaMinutes / 2 ? 'warning' : 'ok',
      };
    });
  }

  /** Claims a pending ticket; a supervisor may take over one another operator holds. */
  async claim(operator: Principal, ticketId: string, takeover: boolean, requestId: string): Promise<NissTicket> {
    return this.dataSource.transaction(async (manager) => {
      // Claiming what one already holds (a second tab, a retried request) keeps the claim alive.
      const held = await manager.getRepository(NissTicket).update({ id: ticketId, status: 'in_review', claimedBy: operator.staffId }, { claimTouchedAt: () => 'now()' });
      if (held.affected) return manager.getRepository(NissTicket).findOneByOrFail({ id: ticketId });
      if (takeover) {
        if (!operator.roles.includes('supervisor')) throw new NissException('niss.claimed_by_other');
        const current = await manager.getRepository(NissTicket).findOne({ where: { id: ticketId }, lock: { mode: 'pessimistic_write' } });
        if (current?.status === 'in_review') {
          await manager.getRepository(NissTicket).update({ id: ticketId }, { claimedBy: operator.staffId, claimedAt: () => 'now()', claimTouchedAt: () => 'now()' });
          await insertTicketEvent(manager, {
            ticketId,
            action: 'take_over',
            fromStatus: 'in_review',
            toStatus: 'in_review',
            actorKind: 'staff',
            actorId: operator.staffId,
            details: { previousHolder: current.claimedBy },
          });
          await this.audit.append(manager, {
            actor: auditActorOf(operator),
            action: 'niss_ticket.take_over',
            subject: { type: 'niss_ticket', id: ticketId },
            requestId,
            details: { previousHolder: current.claimedBy },
          });
          return manager.getRepository(NissTicket).findOneByOrFail({ id: ticketId });
        }
      }
      return this.writer.transition(manager, {
        ticketId,
        action: 'claim',
        actor: staffActor(operator),
        set: { claimedBy: operator.staffId, claimedAt: () => 'now()', claimTouchedAt: () => 'now()' },
        requestId,
      });
    });
  }

  /** Gives a claimed ticket back to the queue. */
  release(operator: Principal, ticketId: string, requestId: string): Promise<NissTicket> {
    return this.dataSource.transaction((manager) =>
      this.writer.transition(manager, {
        ticketId,
        action: 'release',
        actor: staffActor(operator),
        claimedBy: operator.staffId,
        set: { claimedBy: null, claimedAt: null, claimTouchedAt: null },
        requestId,
      }),
    );
  }

  /** The review screen's sign of life: keeps the claim from being released as idle. */
  async touch(operator: Principal, ticketId: string): Promise<void> {
    const result = await this.dataSource
      .getRepository(NissTicket)
      .update({ id: ticketId, status: 'in_review', claimedBy: operator.staffId }, { claimTouchedAt: () => 'now()' });
    if (!result.affected) throw new NissException('niss.not_claimed_by_you');
  }

  /** Everything the review screen shows: the request, the document analysis, the changes after OCR, ranked candidates, history. */
  async review(ticketId: string): Promise<ReviewView> {
    const ticket = await this.dataSource.getRepository(NissTicket).findOne({ where: { id: ticketId }, relations: { organisation: true } });
    if (!ticket || ticket.status === 'deleted') throw new NissException('niss.ticket_not_found');
    const [document, events, claimant, proposer] = await Promise.all([
      ticket.documentId ? this.dataSource.getRepository(Document).findOneBy({ id: ticket.documentId }) : null,
      this.dataSource.getRepository(NissTicketEvent).find({ where: { ticketId }, order: { id: 'ASC' } }),
      ticket.claimedBy ? this.dataSource.getRepository(Staff).findOne({ where: { id: ticket.claimedBy }, select: { id: true, displayName: true } }) : null,
      ticket.bisProposedBy ? this.dataSource.getRepository(Staff).findOne({ where: { id: ticket.bisProposedBy }, select: { id: true, displayName: true } }) : null,
    ]);
    const { person, document: doc } = ticket.data;
    const { candidates } = await this.persons.findCandidates({
      surname: person.surname,
      givenNames: person.givenNames,
      birthDate: person.birthDate,
      sex: person.sex,
      nationality: person.nationality,
      nationalNumber: doc.nationalNumber,
      limit: 10,
    });
    return {
      ticket,
      organisationName: ticket.organisation?.name ?? '',
      claimedByName: claimant?.displayName ?? null,
      document,
      changes: changedAfterPrefill(ticket.prefill, ticket.data),
      candidates,
      events,
      bisProposedByName: proposer?.displayName ?? null,
    };
  }

  async page(documentId: string, pageNumber: number): Promise<DocumentPage> {
    const page = await this.dataSource
      .getRepository(DocumentPage)
      .createQueryBuilder('page')
      .innerJoin(Document, 'document', 'document.id = page.documentId')
      .where('page.documentId = :documentId AND page.pageNumber = :pageNumber', { documentId, pageNumber })
      .andWhere(`document.purpose = 'niss_identity'`)
      .getOne();
    if (!page) throw new NissException('niss.document_not_found');
    return page;
  }

  /** Identifies the request as an existing person of the register. */
  identify(operator: Principal, ticketId: string, personId: string, requestId: string): Promise<NissTicket> {
    return this.dataSource.transaction(async (manager) => {
      const person = await manager.getRepository(Person).findOne({ where: { id: personId }, select: { id: true, nationalNumber: true } });
      if (!person?.nationalNumber) throw new NissException('niss.person_not_found');
      return this.decide(manager, operator, ticketId, 'identify', {
        set: { personId: person.id, niss: person.nationalNumber, decision: { kind: 'operator', reasons: ['niss.reason.operator_identified'], candidates: [] } },
        details: { personId: person.id },
        requestId,
      });
    });
  }

  /**
   * A new BIS number for the request's person. With NISS_BIS_FOUR_EYES an operator only proposes it;
   * a supervisor who is not the proposer confirms it (whoever holds the claim).
   */
  createBis(operator: Principal, ticketId: string, requestId: string): Promise<{ ticket: NissTicket; proposed: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const ticket = await manager.getRepository(NissTicket).findOne({ where: { id: ticketId }, lock: { mode: 'pessimistic_write' } });
      if (!ticket || ticket.status === 'deleted') throw new NissException('niss.ticket_not_found');
      const supervisor = operator.roles.includes('supervisor');
      if (this.config.NISS_BIS_FOUR_EYES && !supervisor) {
        if (ticket.status !== 'in_review' || ticket.claimedBy !== operator.staffId) throw new NissException('niss.not_claimed_by_you');
        await manager.getRepository(NissTicket).update({ id: ticketId }, { bisProposedBy: operator.staffId, claimTouchedAt: () => 'now()' });
        await insertTicketEvent(manager, { ticketId, action: 'propose_bis', fromStatus: 'in_review', toStatus: 'in_review', actorKind: 'staff', actorId: operator.staffId, details: {} });
        await this.audit.append(manager, { actor: auditActorOf(operator), action: 'niss_ticket.propose_bis', subject: { type: 'niss_ticket', id: ticketId }, requestId, details: {} });
        return { ticket: await manager.getRepository(NissTicket).findOneByOrFail({ id: ticketId }), proposed: true };
      }
      if (this.config.NISS_BIS_FOUR_EYES) {
        if (!ticket.bisProposedBy) throw new NissException('niss.bis_not_proposed');
        if (ticket.bisProposedBy === operator.staffId) throw new NissException('niss.bis_same_person');
      }
      const { person } = ticket.data;
      const birthDate = parsePartialDate(person.birthDate);
      if (!birthDate) throw new NissException('niss.bis_birth_date_incomplete');
      let created: Person;
      try {
        created = await this.persons.createWithBisNumber(
          {
            surname: person.surname,
            givenNames: person.givenNames,
            birthDate,
            sex: person.sex,
            nationality: person.nationality,
            birthPlace: person.birthPlace,
            language: ticket.language,
            address: ticket.data.residence
              ? {
                  street: [ticket.data.residence.street, ticket.data.residence.houseNumber, ticket.data.residence.box].filter(Boolean).join(' '),
                  postalCode: ticket.data.residence.postalCode,
                  municipality: ticket.data.residence.municipality,
                  country: ticket.data.residence.country,
                }
              : null,
          },
          manager,
        );
      } catch (error) {
        if (error instanceof RangeError) throw new NissException('niss.bis_exhausted');
        throw error;
      }
      const proposer = ticket.bisProposedBy;
      const decided = await this.decide(manager, operator, ticketId, 'identify', {
        // A supervisor confirming a proposal decides whoever holds the claim; otherwise only the holder decides.
        holder: this.config.NISS_BIS_FOUR_EYES && supervisor ? (ticket.claimedBy ?? operator.staffId) : operator.staffId,
        set: {
          personId: created.id,
          niss: created.nationalNumber,
          decision: {
            kind: 'operator',
            reasons: ['niss.reason.new_bis'],
            candidates: [],
            ...(proposer ? { bis: { proposedBy: proposer, confirmedBy: operator.staffId } } : {}),
          },
        },
        details: { personId: created.id, newBis: true, ...(proposer ? { proposedBy: proposer } : {}) },
        requestId,
      });
      return { ticket: decided, proposed: false };
    });
  }

  fail(operator: Principal, ticketId: string, reason: string, requestId: string): Promise<NissTicket> {
    return this.dataSource.transaction((manager) =>
      this.decide(manager, operator, ticketId, 'fail', {
        set: { failureReason: reason, decision: { kind: 'operator', reasons: ['niss.reason.operator_failed'], candidates: [] } },
        details: {},
        requestId,
      }),
    );
  }

  requestReupload(operator: Principal, ticketId: string, reason: NissReuploadReason, text: string | null, requestId: string): Promise<NissTicket> {
    if (reason === 'other' && !text) throw new NissException('niss.reupload_text_required');
    return this.dataSource.transaction((manager) => this.askReupload(manager, operator, ticketId, reason, text, requestId));
  }

  /** "Ask for a new upload" for a selection: each ticket in its own transaction; pending ones are claimed first. */
  async bulkReupload(operator: Principal, ticketIds: string[], reason: NissReuploadReason, text: string | null, requestId: string): Promise<BulkResult[]> {
    if (reason === 'other' && !text) throw new NissException('niss.reupload_text_required');
    const results: BulkResult[] = [];
    for (const ticketId of [...new Set(ticketIds)]) {
      try {
        await this.dataSource.transaction(async (manager) => {
          const current = await manager.getRepository(NissTicket).findOne({ where: { id: ticketId }, select: { id: true, status: true, claimedBy: true } });
          if (current?.status === 'in_review' && current.claimedBy !== operator.staffId) throw new NissException('niss.claimed_by_other');
          if (current?.status === 'pending') {
            await this.writer.transition(manager, {
              ticketId,
              action: 'claim',
              actor: staffActor(operator),
              set: { claimedBy: operator.staffId, claimedAt: () => 'now()', claimTouchedAt: () => 'now()' },
              details: { bulk: true },
              requestId,
            });
          }
          await this.askReupload(manager, operator, ticketId, reason, text, requestId);
        });
        results.push({ ticketId, ok: true });
      } catch (error) {
        if (!(error instanceof NissException)) throw error;
        results.push({ ticketId, ok: false, code: error.code });
      }
    }
    return results;
  }

  /** The supervisors' figures per day (Europe/Brussels) over the last `days` days, and the queue now. */
  async figures(days: number): Promise<Figures> {
    const rows = await this.dataSource.query<
      { day: string; submitted: string; auto_identified: string; decided: string; median_minutes: string | null }[]
    >(
      `WITH days AS (
         SELECT generate_series((now() AT TIME ZONE 'Europe/Brussels')::date - ($1::int - 1), (now() AT TIME ZONE 'Europe/Brussels')::date, interval '1 day')::date AS day
       ),
       submitted AS (
         SELECT (submitted_at AT TIME ZONE 'Europe/Brussels')::date AS day, count(*) AS submitted, count(*) FILTER (WHERE auto_identified) AS auto_identified
         FROM niss_ticket WHERE submitted_at >= now() - ($1::int + 1) * interval '1 day' GROUP BY 1
       ),
       decided AS (
         SELECT (decided_at AT TIME ZONE 'Europe/Brussels')::date AS day, count(*) AS decided,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - submitted_at) / 60) AS median_minutes
         FROM niss_ticket WHERE decided_at >= now() - ($1::int + 1) * interval '1 day' AND status IN ('identified', 'failed') AND NOT auto_identified GROUP BY 1
       )
       SELECT to_char(days.day, 'YYYY-MM-DD') AS day, coalesce(s.submitted, 0) AS submitted, coalesce(s.auto_identified, 0) AS auto_identified,
              coalesce(d.decided, 0) AS decided, d.median_minutes
       FROM days LEFT JOIN submitted s USING (day) LEFT JOIN decided d USING (day) ORDER BY days.day`,
      [days],
    );
    const [now] = await this.dataSource.query<{ pending: string; in_review: string; awaiting: string; oldest: Date | null }[]>(
      `SELECT count(*) FILTER (WHERE status = 'pending') AS pending, count(*) FILTER (WHERE status = 'in_review') AS in_review,
              count(*) FILTER (WHERE status = 'action_required') AS awaiting,
              min(submitted_at) FILTER (WHERE status IN ('pending', 'in_review')) AS oldest
       FROM niss_ticket WHERE status IN ('pending', 'in_review', 'action_required')`,
    );
    return {
      days: rows.map((row) => {
        const submitted = Number(row.submitted);
        const autoIdentified = Number(row.auto_identified);
        return {
          day: row.day,
          submitted,
          autoIdentified,
          autoIdentifiedPercent: submitted ? Math.round((autoIdentified / submitted) * 1000) / 10 : null,
          decided: Number(row.decided),
          medianMinutesToDecision: row.median_minutes === null ? null : Math.round(Number(row.median_minutes)),
        };
      }),
      pending: Number(now?.pending ?? 0),
      inReview: Number(now?.in_review ?? 0),
      awaitingReupload: Number(now?.awaiting ?? 0),
      oldestPendingSubmittedAt: now?.oldest ?? null,
    };
  }

  private async askReupload(manager: EntityManager, operator: Principal, ticketId: string, reason: NissReuploadReason, text: string | null, requestId: string) {
    const ticket = await this.writer.transition(manager, {
      ticketId,
      action: 'request_reupload',
      actor: staffActor(operator),
      claimedBy: operator.staffId,
      set: { actionReason: reason, actionText: text, claimedBy: null, claimedAt: null, claimTouchedAt: null, bisProposedBy: null, answerSeenAt: null },
      details: { reason },
      requestId,
    });
    await queueActionMail(manager, this.outbox, this.config, ticket);
    return ticket;
  }

  /** A final decision (identify, fail) by the operator holding the claim: ticket, event, audit, retention and mail in one transaction. */
  private async decide(
    manager: EntityManager,
    operator: Principal,
    ticketId: string,
    action: 'identify' | 'fail',
    input: { set: Parameters<TicketWriter['transition']>[1]['set']; details: Record<string, unknown>; requestId: string; holder?: string },
  ): Promise<NissTicket> {
    const ticket = await this.writer.transition(manager, {
      ticketId,
      action,
      actor: staffActor(operator),
      claimedBy: input.holder ?? operator.staffId,
      set: { ...input.set, decidedAt: () => 'now()', decidedBy: operator.staffId, claimedBy: null, claimedAt: null, claimTouchedAt: null, bisProposedBy: null, answerSeenAt: null },
      details: input.details,
      requestId: input.requestId,
    });
    await setDocumentRetention(manager, ticket.documentId, this.config.NISS_DOCUMENT_RETENTION_DAYS);
    await queueAnswerMail(manager, this.outbox, this.config, ticket);
    return ticket;
  }
}

export const staffActor = (operator: Principal): TicketActor => {
  const { role } = auditActorOf(operator);
  return { kind: 'staff', staffId: operator.staffId, email: operator.email, role: role ?? 'niss_operator' };
};
