import type { AppConfig } from '@sesame/config';
import type { Appointment } from '@sesame/database';
import { formatLongDateTime } from '@sesame/i18n';
import type { VideoMailTemplate } from '@sesame/jobs';
import type { EntityManager } from 'typeorm';
import type { OutboxWriter } from './outbox.writer';

/**
 * The outgoing jobs of the video-interview flow, shared by the api (booking, cancel, rebook, outcome)
 * and the worker (copy verdict, reminders, sweep): one way to write them.
 */

/**
 * Queues a mail of the video flow to the citizen, in their language, in the caller's transaction.
 * Every mail carries the name, the reference and the appointment's time on Belgian clocks; never
 * the security code.
 */
export async function queueVideoMail(
  manager: EntityManager,
  outbox: OutboxWriter,
  template: VideoMailTemplate,
  appointment: Pick<Appointment, 'email' | 'language' | 'givenNames' | 'surname' | 'reference' | 'startsAt'>,
  params: Record<string, string> = {},
): Promise<void> {
  await outbox.enqueue(manager, 'mail.send', {
    template,
    to: appointment.email,
    language: appointment.language,
    params: {
      name: `${appointment.givenNames} ${appointment.surname}`.trim(),
      reference: appointment.reference,
      when: formatLongDateTime(appointment.startsAt, appointment.language),
      ...params,
    },
  });
}

/**
 * One reminder job per VIDEO_REMINDER_OFFSETS_MINUTES, delayed to `start − offset` (offsets already
 * past are skipped). A reminder whose appointment was cancelled or moved meanwhile is a no-op: its
 * handler compares the payload's start with the appointment's.
 */
export async function queueReminders(manager: EntityManager, outbox: OutboxWriter, config: AppConfig, appointment: Pick<Appointment, 'id' | 'startsAt'>, now = new Date()): Promise<number> {
  let queued = 0;
  for (const minutesBefore of config.VIDEO_REMINDER_OFFSETS_MINUTES) {
    const runAt = new Date(appointment.startsAt.getTime() - minutesBefore * 60_000);
    if (runAt <= now) continue;
    await outbox.enqueue(manager, 'video.reminder', { appointmentId: appointment.id, startsAt: appointment.startsAt.toISOString(), minutesBefore }, { runAt });
    queued += 1;
  }
  return queued;
}
