/**
 * Demo data of the video interviews: the weekly availability of the two demo video agents, in slots
 * of VIDEO_SLOT_MINUTES, so that `npm start` shows free slots on the citizens' booking page (/video),
 * the agents' weeks on /interviews/availability and the supervisor's capacity; and two bookings.
 * Idempotent: an agent who has a pattern, or citizens who have bookings, get nothing more.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { In, type DataSource } from 'typeorm';
import { ActivationCodeIssuer } from '../../api/src/activation/activation-code-issuer';
import { SecretsService } from '../../api/src/common/secrets.service';
import { DocumentsService } from '../../api/src/documents/documents.service';
import { AppointmentWriter } from '../../api/src/video/appointment-writer';
import { VideoAccessService } from '../../api/src/video/video-access.service';
import { VideoBookingService } from '../../api/src/video/video-booking.service';
import { VideoRoomNotifier } from '../../api/src/video/video-room-notifier';
import { VideoRepository } from '../../api/src/video/video.repository';
import { AuditWriter } from '../../libs/audit/src';
import type { AppConfig } from '../../libs/config/src';
import { Appointment, Staff, VideoAvailabilityPattern } from '../../libs/database/src';
import { brusselsDate } from '../../libs/domain/src';
import { OutboxWriter } from '../../libs/outbox/src';
import { BELGIAN_ID_CARD, drawIdDocument, MrzHolder, td1Lines } from '../../worker/src/ocr/testing/id-card-image';

export const DEMO_VIDEO_AGENT_EMAIL = 'video@sesame.localhost';

interface DemoSchedule {
  email: string;
  week: { weekday: number; startTime: string; endTime: string }[];
  /** Days after the seed from which the pattern applies. */
  startsInDays: number;
}

/**
 * The first agent works weekdays 08:00–12:00 and 13:00–18:00 and Saturday mornings from today; the
 * second, afternoons and evenings on weekdays from tomorrow (so that today's slots, which the browser
 * test books, all belong to the first).
 */
const SCHEDULES: DemoSchedule[] = [
  {
    email: DEMO_VIDEO_AGENT_EMAIL,
    week: [
      ...[1, 2, 3, 4, 5].flatMap((weekday) => [
        { weekday, startTime: '08:00', endTime: '12:00' },
        { weekday, startTime: '13:00', endTime: '18:00' },
      ]),
      { weekday: 6, startTime: '09:00', endTime: '12:00' },
    ],
    startsInDays: 0,
  },
  {
    email: 'video2@sesame.localhost',
    week: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startTime: '12:00', endTime: '20:00' })),
    startsInDays: 1,
  },
];

export async function seedDemoVideoAvailability(dataSource: DataSource, config: AppConfig): Promise<string[]> {
  const created: string[] = [];
  const patterns = dataSource.getRepository(VideoAvailabilityPattern);
  for (const schedule of SCHEDULES) {
    const agent = await dataSource.getRepository(Staff).findOneBy({ email: schedule.email });
    if (!agent || (await patterns.countBy({ agentId: agent.id })) > 0) continue;
    const validFrom = brusselsDate(new Date(Date.now() + schedule.startsInDays * 24 * 60 * 60 * 1000));
    await patterns.insert(
      schedule.week.map((span) => ({ ...span, agentId: agent.id, slotMinutes: config.VIDEO_SLOT_MINUTES, validFrom, validUntil: null, createdBy: agent.id })),
    );
    created.push(`video availability of a demo agent (${schedule.week.length} weekly spans)`);
  }
  return created;
}

/** Who the demo bookings are for (their mails reach the dev mailbox). */
const DEMO_CITIZENS = [
  { givenNames: 'Amélie', surname: 'Verbrugghe', email: 'amelie.verbrugghe@citizen.localhost', language: 'fr' as const, uploadCopy: false },
  { givenNames: 'Jonas', surname: 'Maes', email: 'jonas.maes@citizen.localhost', language: 'nl' as const, uploadCopy: true },
];

export const DEMO_VIDEO_FILE = join(__dirname, '..', '..', '.data', 'demo-video.json');

/**
 * The seed process runs no signalling gateway: nobody is in a waiting room and nobody is to be told
 * anything, which is what the booking services are asked here.
 */
class NoRoomsInSeedProcess extends VideoRoomNotifier {
  isCitizenPresent(): boolean {
    return false;
  }
  admitted(): void {}
  outcome(): void {}
  accessEnded(): void {}
}

/**
 * Two demo bookings, made through the application's services on the first free
 * slots: one waits for its ID copy (requested), one has its copy uploaded (the worker checks it and
 * confirms the booking once it runs). Their security codes and links are written to
 * .data/demo-video.json (development only) so the citizen side can be opened too; the links are also
 * in the dev mailbox. Idempotent: nothing is booked when the demo citizens already have bookings.
 */
export async function seedDemoVideoBookings(dataSource: DataSource, config: AppConfig): Promise<string[]> {
  const existing = await dataSource.getRepository(Appointment).countBy({ email: In(DEMO_CITIZENS.map((citizen) => citizen.email)) });
  if (existing > 0) return [];
  const audit = new AuditWriter();
  const outbox = new OutboxWriter();
  const repository = new VideoRepository(dataSource);
  const booking = new VideoBookingService(config, repository, audit, outbox);
  const documents = new DocumentsService(config, dataSource, audit, outbox);
  const access = new VideoAccessService(
    config,
    repository,
    booking,
    new AppointmentWriter(audit),
    documents,
    new ActivationCodeIssuer(config, audit, outbox),
    new SecretsService(config),
    audit,
    outbox,
    new NoRoomsInSeedProcess(),
  );
  // Slots at least two hours ahead, so the demo bookings can still be moved or cancelled.
  const soon = Date.now() + 2 * 60 * 60 * 1000;
  const free = (await booking.slots({ days: 14 })).days.flatMap((day) => day.slots).filter((slot) => slot.startsAt.getTime() > soon);
  const saved: { reference: string; email: string; securityCode: string; startsAt: string }[] = [];
  for (const [index, citizen] of DEMO_CITIZENS.entries()) {
    const slot = free[index * 3];
    if (!slot) break;
    const booked = await booking.book({ startsAt: slot.startsAt.toISOString(), givenNames: citizen.givenNames, surname: citizen.surname, email: citizen.email, language: citizen.language }, null);
    saved.push({ reference: booked.reference, email: citizen.email, securityCode: booked.securityCode, startsAt: booked.startsAt.toISOString() });
    if (citizen.uploadCopy) {
      const appointment = await dataSource.getRepository(Appointment).findOneByOrFail({ reference: booked.reference });
      const holder: MrzHolder = { ...BELGIAN_ID_CARD, surname: 'MAES', givenNames: ['JONAS'] };
      await access.uploadCopy(appointment.id, [drawIdDocument({ format: 'TD1', mrz: td1Lines(holder) })], null);
    }
  }
  mkdirSync(dirname(DEMO_VIDEO_FILE), { recursive: true });
  writeFileSync(DEMO_VIDEO_FILE, JSON.stringify(saved, null, 2), { mode: 0o600 });
  return saved.map((entry) => `video booking ${entry.reference}`);
}
