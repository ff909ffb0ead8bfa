import { Injectable } from '@nestjs/common';
import { AuditActor, AuditWriter } from '@sesame/audit';
import { NissTicket, NissTicketEvent, NissTicketStatus } from '@sesame/database';
import { nissTicketLifecycle, type NissTicketState } from '@sesame/domain';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { EntityManager } from 'typeorm';
import { NissException } from './niss.exception';

export type NissTicketAction = keyof typeof nissTicketLifecycle.table;

/** Who moves a ticket: a requester (organisation member), a staff member, or Sésame itself. */
export type TicketActor =
  | { kind: 'requester'; memberId: string; organisationId: string }
  | { kind: 'staff'; staffId: string; email: string; role: string }
  | { kind: 'system' };

export interface TransitionInput {
  ticketId: string;
  action: NissTicketAction;
  actor: TicketActor;
  /** Columns written with the new status. */
  set?: QueryDeepPartialEntity<NissTicket>;
  /** Only when the ticket is held by this operator (decisions, release, touch). */
  claimedBy?: string;
  /** Only when the ticket belongs to this organisation (requesters). */
  organisationId?: string;
  /** Message keys and ids for the history and the audit (never the person's data). */
  details?: Record<string, unknown>;
  requestId: string | null;
}

export const auditActorOfTicketActor = (actor: TicketActor): AuditActor =>
  actor.kind === 'staff'
    ? { staffId: actor.staffId, email: actor.email, role: actor.role, municipalityNisCode: null }
    : actor.kind === 'requester'
      ? { staffId: null, email: null, role: 'requester', municipalityNisCode: null }
      : { staffId: null, email: null, role: 'system', municipalityNisCode: null };

/**
 * The one way a ticket changes state: locks the row, asks the transition table, updates, and writes
 * the ticket's event and the audit entry, all in the caller's transaction — so two concurrent
 * changes of one ticket are serialised and the second meets the state the first left. Refusals are
 * 404 (not there / not theirs), 409 "claimed by someone else", 409 "not yours to decide" or 409 with
 * the actions the ticket still allows.
 */
@Injectable()
export class TicketWriter {
  constructor(private readonly audit: AuditWriter) {}

  async transition(manager: EntityManager, input: TransitionInput): Promise<NissTicket> {
    const { action } = input;
    const repository = manager.getRepository(NissTicket);
    const current = await repository
      .createQueryBuilder('ticket')
      .select(['ticket.id', 'ticket.status', 'ticket.claimedBy', 'ticket.organisationId'])
      .where('ticket.id = :id', { id: input.ticketId })
      .setLock('pessimistic_write')
      .getOne();
    if (!current || (input.organisationId !== undefined && current.organisationId !== input.organisationId)) {
      throw new NissException('niss.ticket_not_found');
    }
    const from = current.status as NissTicketState;
    if (!nissTicketLifecycle.can(from, action)) {
      if (action === 'claim' && from === 'in_review') throw new NissException('niss.claimed_by_other', {}, { claimedBy: current.claimedBy });
      throw new NissException('niss.illegal_transition', { state: from, action }, { allowed: nissTicketLifecycle.actionsFrom(from) });
    }
    if (input.claimedBy !== undefined && current.claimedBy !== input.claimedBy) throw new NissException('niss.not_claimed_by_you');
    const to = nissTicketLifecycle.next(from, action);
    await manager
      .createQueryBuilder()
      .update(NissTicket)
      .set({ ...(input.set ?? {}), status: to as NissTicketStatus })
      .where('id = :id', { id: input.ticketId })
      .execute();
    await insertTicketEvent(manager, {
      ticketId: input.ticketId,
      action,
      fromStatus: from,
      toStatus: to,
      actorKind: input.actor.kind,
      actorId: actorIdOf(input.actor),
      details: input.details ?? {},
    });
    await this.audit.append(manager, {
      actor: auditActorOfTicketActor(input.actor),
      action: `niss_ticket.${action}`,
      subject: { type: 'niss_ticket', id: input.ticketId },
      requestId: input.requestId,
      details: { from, to, ...(input.actor.kind === 'requester' ? { memberId: input.actor.memberId } : {}), ...(input.details ?? {}) },
    });
    return repository.findOneByOrFail({ id: input.ticketId });
  }

  /** Records the first event of a ticket (its submission), in the caller's transaction. */
  async created(manager: EntityManager, ticket: NissTicket, actor: TicketActor, requestId: string | null, details: Record<string, unknown>): Promise<void> {
    await insertTicketEvent(manager, {
      ticketId: ticket.id,
      action: 'submit',
      fromStatus: null,
      toStatus: 'submitted',
      actorKind: actor.kind,
      actorId: actorIdOf(actor),
      details,
    });
    await this.audit.append(manager, {
      actor: auditActorOfTicketActor(actor),
      action: 'niss_ticket.submit',
      subject: { type: 'niss_ticket', id: ticket.id },
      requestId,
      details: { number: ticket.number, ...(actor.kind === 'requester' ? { memberId: actor.memberId, organisationId: actor.organisationId } : {}), ...details },
    });
  }

}

const actorIdOf = (actor: TicketActor): string | null =>
  actor.kind === 'staff' ? actor.staffId : actor.kind === 'requester' ? actor.memberId : null;

/** One line of a ticket's history, in the caller's transaction (also for changes that keep the status: take-over, BIS proposal). */
export async function insertTicketEvent(manager: EntityManager, event: Pick<NissTicketEvent, 'ticketId' | 'action' | 'fromStatus' | 'toStatus' | 'actorKind' | 'actorId' | 'details'>): Promise<void> {
  // jsonb `details` is free-form: TypeORM's deep-partial type cannot follow `unknown` values.
  await manager.createQueryBuilder().insert().into(NissTicketEvent).values(event as QueryDeepPartialEntity<NissTicketEvent>).execute();
}
