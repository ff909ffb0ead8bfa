import { SYSTEM_ACTOR } from '@sesame/audit';
import { Appointment, Document, OutboxMessage, VideoAvailabilityPattern } from '@sesame/database';
import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DocumentsService } from '../../../api/src/documents/documents.service';
import { brusselsInstant } from '../../../api/src/video/brussels-time';
import type { ApiHarness } from './api-harness';
import { ConsoleClient } from './console-client';

/** A booking made through the api, with what its citizen received: the mailed link's token and the security code. */
export interface BookedAppointment {
  id: string;
  reference: string;
  email: string;
  securityCode: string;
  token: string;
  startsAt: string;
}

/** `600` → `10:00` */
export const timeOf = (minute: number): string => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** One span of an agent's availability on one day only (weekday and validity of that day). */
export async function publishSpan(dataSource: DataSource, agentId: string, day: string, startTime = '10:00', endTime = '10:20', slotMinutes = 20): Promise<void> {
  const weekday = ((new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
  await dataSource.getRepository(VideoAvailabilityPattern).insert({ agentId, weekday, startTime, endTime, slotMinutes, validFrom: day, validUntil: day, createdBy: agentId });
}

/** A signed-out browser with its CSRF token, as the citizen's booking pages are. */
export async function anonymousClient(api: ApiHarness, language = 'en'): Promise<ConsoleClient> {
  const client = new ConsoleClient(api.server, language);
  await client.csrf();
  return client;
}

/** The mails of one template to one address, in the outbox. */
export function outboxMailsTo(dataSource: DataSource, to: string, template: string): Promise<OutboxMessage[]> {
  return dataSource
    .getRepository(OutboxMessage)
    .createQueryBuilder('m')
    .where(`m.job_name = 'mail.send' AND m.payload->>'to' = :to AND m.payload->>'template' = :template`, { to, template })
    .getMany();
}

/** Books `startsAt` as a citizen (Lotte Marie Peeters), and reads the link's token off the booked mail in the outbox. */
export async function bookAppointment(api: ApiHarness, startsAt: Date, to: string, language = 'en'): Promise<BookedAppointment> {
  const response = await (await anonymousClient(api)).post('/api/video/appointments', { startsAt: startsAt.toISOString(), givenNames: 'Lotte Marie', surname: 'Peeters', email: to, language });
  if (response.status !== 201) throw new Error(`booking ${startsAt.toISOString()}: ${response.status} ${JSON.stringify(response.body)}`);
  const appointment = await api.dataSource.getRepository(Appointment).findOneByOrFail({ reference: response.body.reference });
  // One booked mail for this booking (an address may book again once its earlier booking ended).
  const mails = (await outboxMailsTo(api.dataSource, to, 'video-booked')).filter((message) => (message.payload as { params: { reference: string } }).params.reference === response.body.reference);
  if (mails.length !== 1) throw new Error(`booking ${response.body.reference}: ${mails.length} booked mails, not 1`);
  const token = new URL(String((mails[0]!.payload as { params: { url: string } }).params.url)).searchParams.get('t')!;
  return { id: appointment.id, reference: response.body.reference, email: to, securityCode: response.body.securityCode, token, startsAt: response.body.startsAt };
}

/**
 * A slot only these agents offer: a day from `nextDay` and a random time between 06:00 and 19:20,
 * checked against the public slot list (the database may hold other specs' or earlier runs'
 * availability; they must not answer).
 */
export async function exclusiveSlot(api: ApiHarness, agentIds: string[], nextDay: () => string, slotMinutes = 20): Promise<{ day: string; minute: number; startsAt: Date }> {
  for (;;) {
    const day = nextDay();
    const minute = 6 * 60 + 5 * randomInt(0, 160);
    for (const agentId of agentIds) await publishSpan(api.dataSource, agentId, day, timeOf(minute), timeOf(minute + slotMinutes), slotMinutes);
    const startsAt = brusselsInstant(day, minute);
    const listed = await (await anonymousClient(api)).get(`/api/video/slots?from=${day}&days=1`);
    const slot = listed.body.days[0].slots.find((candidate: { startsAt: string }) => candidate.startsAt === startsAt.toISOString());
    if (slot?.free === agentIds.length) return { day, minute, startsAt };
  }
}

/** An ID copy stored as the booking page stores one, not sent to the OCR (test set-up: the spec says what the analysis found). */
export function storeIdCopy(api: ApiHarness, page: Buffer): Promise<Document> {
  return api.app.get(DocumentsService).create({
    purpose: 'video_id_copy',
    pages: [page],
    maxPages: 2,
    allowPdf: true,
    analyse: false,
    retainUntil: new Date(Date.now() + 24 * 60 * 60 * 1000),
    uploadedBy: null,
    municipalityNisCode: null,
    actor: SYSTEM_ACTOR,
    requestId: null,
  });
}
