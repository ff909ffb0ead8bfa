import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditWriter, SYSTEM_ACTOR } from '@sesame/audit';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { Appointment, Document } from '@sesame/database';
import { appointmentLifecycle } from '@sesame/domain';
import { formatLongDateTime, MessageKey, translate } from '@sesame/i18n';
import { OutboxWriter, queueReminders, queueVideoMail } from '@sesame/outbox';
import type { Job } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { JobHandler } from '../runtime/job-handler.decorator';
import { judgeCopy } from './copy-problems';

/** Appointments moved per transaction by the sweep. */
export const VIDEO_SWEEP_BATCH_SIZE = 100;

export interface VideoSweepCounts {
  expired: number;
  noShows: number;
  accessSessions: number;
}

/**
 * The worker's side of video interviews: the verdict on an analysed ID copy (confirm, or record why
 * it is refused), reminders (sent only while the appointment is still confirmed for the same start),
 * and the sweep (expiry of unconfirmed bookings, no-shows, dead citizen sessions). Every change is
 * one transaction with its audit entry and its mails (outbox); handlers reload state and are
 * idempotent.
 */
@Injectable()
export class VideoHandlers {
  private readonly logger = new Logger(VideoHandlers.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  @JobHandler('video.copy-checked')
  async copyChecked(payload: { appointmentId: string; documentId: string }): Promise<void> {
    await this.checkCopy(payload, new Date());
  }

  /** The verdict on a booking's analysed ID copy, at `now` (the confirmation time and which reminders are still ahead). */
  async checkCopy({ appointmentId, documentId }: { appointmentId: string; documentId: string }, now: Date): Promise<void> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const appointment = await this.lock(manager, appointmentId);
      // A newer upload superseded this copy, or the booking moved on: nothing to decide.
      if (!appointment || appointment.idDocumentId !== documentId || appointment.status !== 'requested' || appointment.copyStatus !== 'checking') return 'stale';
      const document = await manager.getRepository(Document).findOneBy({ id: documentId });
      if (!document || document.status === 'received') return 'stale';
      const verdict = judgeCopy(document);
      if (verdict.accepted && appointmentLifecycle.can(appointment.status, 'confirm')) {
        await manager
          .createQueryBuilder()
          .update(Appointment)
          .set({ status: appointmentLifecycle.next(appointment.status, 'confirm'), copyStatus: 'accepted', copyProblems: [], confirmedAt: now })
          .where('id = :id AND status IN (:...sources)', { id: appointmentId, sources: appointmentLifecycle.sourcesOf('confirm') })
          .execute();
        await this.audit.append(manager, {
          actor: SYSTEM_ACTOR,
          action: 'appointment.confirm',
          subject: { type: 'appointment', id: appointmentId },
          requestId: null,
          details: { from: 'requested', to: 'confirmed', documentId, mrzFound: verdict.mrzFound },
        });
        await queueVideoMail(manager, this.outbox, 'video-confirmed', appointment);
        await queueReminders(manager, this.outbox, this.config, appointment, now);
        return 'confirmed';
      }
      await manager
        .createQueryBuilder()
        .update(Appointment)
        .set({ copyStatus: 'refused', copyProblems: verdict.problems })
        .where('id = :id', { id: appointmentId })
        .execute();
      await this.audit.append(manager, {
        actor: SYSTEM_ACTOR,
        action: 'appointment.copy_refused',
        subject: { type: 'appointment', id: appointmentId },
        requestId: null,
        details: { documentId, problems: verdict.problems, mrzFound: verdict.mrzFound },
      });
      const language = appointment.language;
      await queueVideoMail(manager, this.outbox, 'video-copy-refused', appointment, {
        reasons: verdict.problems.map((key) => `- ${translate(language, key as MessageKey)}`).join('\n'),
        confirmBy: formatLongDateTime(appointment.confirmBy, language),
      });
      return 'refused';
    });
    if (outcome === 'stale') this.logger.debug({ appointmentId, documentId }, 'ID copy verdict ignored: not the current copy of a booking waiting for one');
    else this.logger.log({ appointmentId, documentId, outcome }, 'ID copy checked');
  }

  @JobHandler('video.reminder')
  async reminder({ appointmentId, startsAt, minutesBefore }: { appointmentId: string; startsAt: string; minutesBefore: number }): Promise<void> {
    const sent = await this.dataSource.transaction(async (manager) => {
      const appointment = await this.lock(manager, appointmentId);
      if (!appointment || appointment.status !== 'confirmed' || appointment.startsAt.toISOString() !== startsAt) return false;
      // Once per appointment, start and offset, even if the job runs again after a crash.
      const [already] = await manager.query<unknown[]>(
        `SELECT 1 FROM audit_entry WHERE subject_type = 'appointment' AND subject_id = $1 AND action = 'appointment.reminder_sent'
            AND details->>'startsAt' = $2 AND (details->>'minutesBefore')::int = $3 LIMIT 1`,
        [appointmentId, startsAt, minutesBefore],
      );
      if (already) return false;
      await this.audit.append(manager, {
        actor: SYSTEM_ACTOR,
        action: 'appointment.reminder_sent',
        subject: { type: 'appointment', id: appointmentId },
        requestId: null,
        details: { startsAt, minutesBefore },
      });
      await queueVideoMail(manager, this.outbox, 'video-reminder', appointment);
      return true;
    });
    if (!sent) this.logger.debug({ appointmentId, startsAt, minutesBefore }, 'stale video reminder: appointment no longer confirmed for this start');
  }

  @JobHandler('maintenance.video-sweep')
  async sweepJob(_payload: Record<string, never>, job: Job): Promise<void> {
    const counts = await this.sweep(new Date(), job.id ? `job:${job.id}`.slice(0, 64) : null);
    if (counts.expired || counts.noShows) this.logger.log(counts, 'video sweep');
  }

  /**
   * Expires `requested` bookings past `confirm_by` (freeing their slot) and marks `confirmed` ones
   * never started `no_show` once VIDEO_NO_SHOW_GRACE_MINUTES past their start; deletes dead citizen
   * sessions. Batches locked with SKIP LOCKED: safe on several replicas, and against a request
   * working the same appointment.
   */
  async sweep(now: Date = new Date(), requestId: string | null = null): Promise<VideoSweepCounts> {
    const expired = await this.moveInBatches(
      `status = 'requested' AND confirm_by < $1`,
      [now],
      'expire',
      'video-expired',
      now,
      requestId,
    );
    const graceMs = this.config.VIDEO_NO_SHOW_GRACE_MINUTES * 60_000;
    const noShows = await this.moveInBatches(
      `status = 'confirmed' AND started_at IS NULL AND starts_at < $1`,
      [new Date(now.getTime() - graceMs)],
      'mark_no_show',
      'video-no-show',
      now,
      requestId,
    );
    const deleted = await this.dataSource.query<[unknown[], number]>(`DELETE FROM appointment_access WHERE expires_at < $1`, [now]);
    return { expired, noShows, accessSessions: Array.isArray(deleted) ? Number(deleted[1] ?? 0) : 0 };
  }

  private async moveInBatches(
    where: string,
    params: unknown[],
    action: 'expire' | 'mark_no_show',
    template: 'video-expired' | 'video-no-show',
    now: Date,
    requestId: string | null,
  ): Promise<number> {
    let total = 0;
    for (;;) {
      const moved = await this.dataSource.transaction(async (manager) => {
        const ids = (
          await manager.query<{ id: string }[]>(
            `SELECT id FROM appointment WHERE ${where} ORDER BY starts_at LIMIT ${VIDEO_SWEEP_BATCH_SIZE} FOR UPDATE SKIP LOCKED`,
            params,
          )
        ).map((row) => row.id);
        if (!ids.length) return 0;
        const to = appointmentLifecycle.table[action].to;
        const result = await manager
          .createQueryBuilder()
          .update(Appointment)
          .set({ status: to, endedAt: now })
          .where('id IN (:...ids) AND status IN (:...sources)', { ids, sources: appointmentLifecycle.sourcesOf(action) })
          .execute();
        const rows = await manager.getRepository(Appointment).findBy(ids.map((id) => ({ id })));
        for (const appointment of rows.filter((row) => row.status === to)) {
          await this.audit.append(manager, {
            actor: SYSTEM_ACTOR,
            action: `appointment.${action}`,
            subject: { type: 'appointment', id: appointment.id },
            requestId,
            details: { from: appointmentLifecycle.sourcesOf(action)[0], to, startsAt: appointment.startsAt.toISOString() },
          });
          await queueVideoMail(manager, this.outbox, template, appointment);
        }
        return result.affected ?? ids.length;
      });
      total += moved;
      if (moved < VIDEO_SWEEP_BATCH_SIZE) return total;
    }
  }

  private lock(manager: EntityManager, id: string): Promise<Appointment | null> {
    return manager.getRepository(Appointment).createQueryBuilder('a').where('a.id = :id', { id }).setLock('pessimistic_write').getOne();
  }
}
