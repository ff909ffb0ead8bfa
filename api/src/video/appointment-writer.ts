import { Injectable } from '@nestjs/common';
import { AuditActor, AuditWriter, SYSTEM_ACTOR } from '@sesame/audit';
import { Appointment } from '@sesame/database';
import { appointmentLifecycle, type AppointmentState } from '@sesame/domain';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { VideoException } from './video.exception';

export type AppointmentAction = keyof typeof appointmentLifecycle.table;

/** Who moves an appointment: the citizen (appointment session), a staff member, or Sésame itself. */
export type AppointmentActor = { kind: 'citizen' } | { kind: 'staff'; actor: AuditActor; staffId: string } | { kind: 'system' };

export const auditActorOfAppointmentActor = (actor: AppointmentActor): AuditActor =>
  actor.kind === 'staff' ? actor.actor : actor.kind === 'citizen' ? { staffId: null, email: null, role: 'citizen', municipalityNisCode: null } : SYSTEM_ACTOR;

export interface AppointmentTransition {
  appointmentId: string;
  action: AppointmentAction;
  actor: AppointmentActor;
  /** Columns written with the new state. */
  set?: QueryDeepPartialEntity<Appointment>;
  /**
   * Only the assigned agent may take this action. Another agent, who may not see the appointment,
   * is told it does not exist (404, as the reads answer); one who may see every agenda (a
   * supervisor who is also an agent) that it is not theirs (403).
   */
  assignedAgent?: { id: string; seesAll: boolean };
  /** Checked on the locked row before the change (deadlines, checklist…): throw to refuse. */
  check?: (current: Appointment) => void;
  /** Ids and facts for the audit (never the citizen's name, e-mail or codes). */
  details?: Record<string, unknown>;
  requestId: string | null;
}

/**
 * The one way an appointment changes state (mirrors the NISS TicketWriter): locks the row, asks
 * `appointmentLifecycle`, updates with `WHERE status IN (<sources>)`, and writes the audit entry, in
 * the caller's transaction. Refusals: 404 not there (or not visible to the agent), 403 not the assigned agent, 409 with the state
 * and the actions still allowed.
 */
@Injectable()
export class AppointmentWriter {
  constructor(private readonly audit: AuditWriter) {}

  async transition(manager: EntityManager, input: AppointmentTransition): Promise<Appointment> {
    const repository = manager.getRepository(Appointment);
    const current = await repository.createQueryBuilder('a').where('a.id = :id', { id: input.appointmentId }).setLock('pessimistic_write').getOne();
    if (!current) throw new VideoException('video.appointment_not_found');
    if (input.assignedAgent && current.agentId !== input.assignedAgent.id) throw new VideoException(input.assignedAgent.seesAll ? 'video.not_assigned' : 'video.appointment_not_found');
    const from = current.status as AppointmentState;
    if (!appointmentLifecycle.can(from, input.action)) {
      throw new VideoException('video.illegal_transition', { state: from, action: input.action }, { state: from, allowed: appointmentLifecycle.actionsFrom(from) });
    }
    input.check?.(current);
    const to = appointmentLifecycle.next(from, input.action);
    const result = await manager
      .createQueryBuilder()
      .update(Appointment)
      .set({ ...(input.set ?? {}), status: to })
      .where('id = :id AND status IN (:...sources)', { id: input.appointmentId, sources: appointmentLifecycle.sourcesOf(input.action) })
      .execute();
    if (!result.affected) throw new Error(`appointment ${input.appointmentId} changed under its row lock`);
    await this.audit.append(manager, {
      actor: auditActorOfAppointmentActor(input.actor),
      action: `appointment.${input.action}`,
      subject: { type: 'appointment', id: input.appointmentId },
      requestId: input.requestId,
      details: { from, to, ...(input.details ?? {}) },
    });
    return repository.findOneOrFail({ where: { id: input.appointmentId }, relations: { agent: true } });
  }
}
