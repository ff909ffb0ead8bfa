import type { INestApplicationContext } from '@nestjs/common';
import { ActivationCode, Appointment, AuditEntry, DigitalKey, Document, IdentityEvidence, OutboxMessage, Staff } from '@sesame/database';
import { brusselsDate, isValidNationalNumber } from '@sesame/domain';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { ApiHarness, startApi } from '../../../test/integration/support/api-harness';
import { ConsoleClient } from '../../../test/integration/support/console-client';
import { createStaff, TestStaff } from '../../../test/integration/support/factories';
import { anonymousClient, bookAppointment, exclusiveSlot as exclusiveSlotOf, outboxMailsTo, publishSpan, storeIdCopy, type BookedAppointment } from '../../../test/integration/support/video-factory';
import { startWorker } from '../../../test/integration/support/worker-harness';
import { MailCatcher, startMailCatcher } from '../../../tools/mail-catcher';
import { blurredCopy, decompressionBombPng, drawIdDocument, greyscaleCopy, resizedCopy } from '../../../worker/src/ocr/testing/id-card-image';
import { MaintenanceService } from '../../../worker/src/maintenance/maintenance.service';
import { VideoHandlers } from '../../../worker/src/video/video.handlers';
import { addDays, brusselsInstant } from './brussels-time';

const DAY_MS = 24 * 60 * 60 * 1000;
const TAG = randomBytes(4).toString('hex');
const email = (label: string) => `${label}-${TAG}-${randomBytes(3).toString('hex')}@citizen.test`;

/** A Brussels day `n` days ahead: each test books on days of its own, far from other specs' data. */
const dayAhead = (n: number) => addDays(brusselsDate(new Date()), n);
const usedDays = new Set<number>();
function freshDay(min = 100, max = 300): string {
  for (;;) {
    const n = randomInt(min, max);
    if (!usedDays.has(n)) {
      usedDays.add(n);
      return dayAhead(n);
    }
  }
}

/**
 * The video booking backend on the real parts: api (HTTP, PostgreSQL with the exclusion constraint)
 * and the worker (relay → BullMQ → OCR → `video.copy-checked`), mails counted in the outbox.
 */
describe('Video interviews: booking, access, ID copy, outcome (integration)', () => {
  let catcher: MailCatcher;
  let api: ApiHarness;
  let worker: INestApplicationContext;
  let handlers: VideoHandlers;

  beforeAll(async () => {
    catcher = await startMailCatcher({});
    const env = { SMTP_URL: catcher.smtpUrl, MAIL_CATCHER_URL: catcher.httpUrl, BULLMQ_PREFIX: `v${randomBytes(5).toString('hex')}`, OCR_CONCURRENCY: '1', VIDEO_BOOKING_HORIZON_DAYS: '365' };
    api = await startApi(env);
    worker = await startWorker(env);
    handlers = worker.get(VideoHandlers);
  });
  afterAll(async () => {
    // Reminders of this spec are delayed jobs of its own worker: never let another spec's relay pick them up.
    await api?.dataSource.query(`DELETE FROM outbox_message WHERE job_name = 'video.reminder' AND dispatched_at IS NULL AND payload->>'appointmentId' IN (SELECT id::text FROM appointment WHERE email LIKE $1)`, [`%-${TAG}-%`]);
    await worker?.close();
    await api?.close();
    await catcher?.stop();
  });

  // ── factories ───────────────────────────────────────────────────────────────

  async function agent(): Promise<TestStaff> {
    return createStaff(api.app, { roles: ['video_agent'] });
  }
  /** An agent who signs in to the console (same factory: the name says the test uses the login). */
  const trackedAgent = agent;

  /** One span of availability on one day only (weekday and validity of that day). */
  const publish = (agentId: string, day: string, startTime?: string, endTime?: string, slotMinutes?: number): Promise<void> =>
    publishSpan(api.dataSource, agentId, day, startTime, endTime, slotMinutes);
  const anonymous = (language = 'en'): Promise<ConsoleClient> => anonymousClient(api, language);
  type Booked = BookedAppointment;
  const book = (startsAt: Date, label = 'citizen', language = 'en', to = email(label)): Promise<Booked> => bookAppointment(api, startsAt, to, language);
  /** A slot only these agents offer, on a fresh day of `range` (days ahead). */
  const exclusiveSlot = (agentIds: string[], range: [number, number] = [100, 300], slotMinutes = 20) => exclusiveSlotOf(api, agentIds, () => freshDay(...range), slotMinutes);

  async function bookOn(agentId: string, range?: [number, number], label = 'citizen'): Promise<Booked> {
    return book((await exclusiveSlot([agentId], range)).startsAt, label);
  }

  const mailsTo = (to: string, template: string): Promise<OutboxMessage[]> => outboxMailsTo(api.dataSource, to, template);

  async function open(booked: Booked): Promise<ConsoleClient> {
    const client = await anonymous();
    const response = await client.post('/api/video/access', { token: booked.token, securityCode: booked.securityCode });
    expect(response.status).toBe(200);
    return client;
  }

  const row = (id: string) => api.dataSource.getRepository(Appointment).findOneByOrFail({ id });

  async function waitForCopyVerdict(id: string): Promise<Appointment> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const appointment = await row(id);
      if (appointment.copyStatus !== 'checking') return appointment;
      if (Date.now() > deadline) throw new Error('the worker did not check the ID copy');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Confirms a booking through the worker's verdict on a good (already analysed) copy, without OCR time. */
  async function confirm(booked: Booked): Promise<void> {
    const document = await storeIdCopy(api, await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 30, g: 120, b: 200 } } }).png().toBuffer());
    await api.dataSource.getRepository(Document).update(
      { id: document.id },
      { analysis: { pages: [{ pageNumber: 1, width: 1200, height: 800, isColour: true, sharpness: 2000, problems: [] }], mrz: null, fields: {}, durationMs: 1 } },
    );
    await api.dataSource.getRepository(Appointment).update({ id: booked.id }, { idDocumentId: document.id, copyStatus: 'checking' });
    await handlers.copyChecked({ appointmentId: booked.id, documentId: document.id });
    expect(await row(booked.id)).toMatchObject({ status: 'confirmed', copyStatus: 'accepted' });
  }

  /** Test setup: the interview begins in `minutes` (negative: began that long ago). */
  async function moveStart(id: string, minutes: number): Promise<void> {
    const startsAt = new Date(Date.now() + minutes * 60_000);
    await api.dataSource.getRepository(Appointment).update({ id }, { startsAt, endsAt: new Date(startsAt.getTime() + 20 * 60_000) });
  }

  async function signedIn(staff: TestStaff): Promise<ConsoleClient> {
    const client = new ConsoleClient(api.server);
    await client.signIn(staff);
    return client;
  }

  // ── booking ─────────────────────────────────────────────────────────────────

  it('lists published free slots in local time, and books one: reference, security code shown once, the booked mail', async () => {
    const a = await agent();
    let day: string;
    for (;;) {
      // A day on which only this agent offers these three slots (other runs' data may share the database).
      day = freshDay();
      await publish(a.id, day, '09:00', '10:00');
      const slots = await (await anonymous()).get(`/api/video/slots?from=${day}&days=2`);
      expect(slots.status).toBe(200);
      expect(slots.body.timeZone).toBe('Europe/Brussels');
      expect(slots.body.days.map((listed: { date: string }) => listed.date)).toEqual([day, addDays(day, 1)]);
      const starts = [9 * 60, 9 * 60 + 20, 9 * 60 + 40].map((m) => brusselsInstant(day, m).toISOString());
      const mine = slots.body.days[0].slots.filter((slot: { startsAt: string }) => starts.includes(slot.startsAt));
      expect(mine).toHaveLength(3);
      if (mine.every((slot: { free: number }) => slot.free === 1)) break;
    }

    const booked = await book(brusselsInstant(day, 9 * 60 + 20));
    expect(booked.reference).toMatch(new RegExp(`^V-${new Date().getUTCFullYear()}-\\d{6}$`));
    expect(booked.securityCode).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
    const appointment = await row(booked.id);
    expect(appointment).toMatchObject({ status: 'requested', agentId: a.id, copyStatus: 'missing', codeFailedAttempts: 0 });
    // Only keyed hashes are stored; the audit entry names no one.
    expect(appointment.securityCodeHash).not.toContain(booked.securityCode.replace('-', ''));
    const audit = await api.dataSource.getRepository(AuditEntry).findOneByOrFail({ action: 'appointment.requested', subjectId: booked.id });
    expect(JSON.stringify(audit.details)).not.toMatch(/Peeters|Lotte|citizen\.test/);
    expect(JSON.stringify(audit.details)).not.toContain(booked.securityCode.slice(0, 4));
    const [mail] = await mailsTo(booked.email, 'video-booked');
    expect((mail!.payload as { params: Record<string, string> }).params).toMatchObject({ reference: booked.reference, name: 'Lotte Marie Peeters' });
    expect(JSON.stringify(mail!.payload)).not.toContain(booked.securityCode);

    // The taken slot is no longer listed.
    const after = await (await anonymous()).get(`/api/video/slots?from=${day}&days=1`);
    expect(after.body.days[0].slots.map((slot: { startsAt: string }) => slot.startsAt)).not.toContain(booked.startsAt);
  });

  it('takes exactly one of 20 parallel bookings of the last free slot; the others get 409 video.slot_taken', async () => {
    const a = await agent();
    const client = await anonymous();
    const startsAt = (await exclusiveSlot([a.id])).startsAt.toISOString();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.post('/api/video/appointments', { startsAt, givenNames: 'Jan', surname: `Race${i}`, email: email(`race${i}`), language: 'nl' })),
    );
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    const refused = responses.filter((response) => response.status !== 201);
    expect(refused.map((response) => [response.status, response.body.code])).toEqual(Array.from({ length: 19 }, () => [409, 'video.slot_taken']));
    const live = await api.dataSource.query(`SELECT count(*)::int AS n FROM appointment WHERE agent_id = $1 AND status IN ('requested', 'confirmed', 'in_progress')`, [a.id]);
    expect(live[0].n).toBe(1);
  });

  it('with two agents on one slot, the second booking goes to the other agent (least booked first)', async () => {
    const [a, b] = [await agent(), await agent()];
    const { startsAt } = await exclusiveSlot([a.id, b.id]);
    const first = await book(startsAt);
    const second = await book(startsAt);
    expect(new Set([(await row(first.id)).agentId, (await row(second.id)).agentId])).toEqual(new Set([a.id, b.id]));
    const third = await (await anonymous()).post('/api/video/appointments', { startsAt: startsAt.toISOString(), givenNames: 'X', surname: 'Y', email: email('third'), language: 'fr' });
    expect([third.status, third.body.code]).toEqual([409, 'video.slot_taken']);
  });

  it('refuses a start in the past, beyond the horizon, or not on a published slot, and too many live bookings per e-mail', async () => {
    const a = await agent();
    const day = freshDay();
    await publish(a.id, day, '10:00', '11:00');
    const client = await anonymous();
    const body = (startsAt: Date, to = email('refused')) => ({ startsAt: startsAt.toISOString(), givenNames: 'A', surname: 'B', email: to, language: 'de' });
    const past = await client.post('/api/video/appointments', body(new Date(Date.now() - 3_600_000)));
    expect([past.status, past.body.code]).toEqual([422, 'video.slot_in_past']);
    const far = await client.post('/api/video/appointments', body(new Date(Date.now() + 400 * DAY_MS)));
    expect([far.status, far.body.code]).toEqual([422, 'video.slot_beyond_horizon']);
    const unpublished = await client.post('/api/video/appointments', body(brusselsInstant(day, 10 * 60 + 7)));
    expect([unpublished.status, unpublished.body.code]).toEqual([422, 'video.slot_unavailable']);
    const invalid = await client.post('/api/video/appointments', { ...body(brusselsInstant(day, 600)), email: 'not-an-email' });
    expect(invalid.status).toBe(400);

    const to = email('greedy');
    expect((await client.post('/api/video/appointments', body(brusselsInstant(day, 600), to))).status).toBe(201);
    expect((await client.post('/api/video/appointments', body(brusselsInstant(day, 620), to))).status).toBe(201);
    const third = await client.post('/api/video/appointments', body(brusselsInstant(day, 640), to));
    expect([third.status, third.body.code]).toEqual([409, 'video.too_many_bookings']);
  });

  // ── access ──────────────────────────────────────────────────────────────────

  it('counts wrong security codes, locks at the maximum, and then refuses even the right code', async () => {
    const booked = await bookOn((await agent()).id);
    const client = await anonymous();
    const noCookie = await client.get('/api/video/access/appointment');
    expect([noCookie.status, noCookie.body.code]).toEqual([401, 'video.access.required']);
    const badLink = await client.post('/api/video/access', { token: randomBytes(32).toString('base64url'), securityCode: booked.securityCode });
    expect([badLink.status, badLink.body.code]).toEqual([404, 'video.access.invalid_link']);

    const wrong = booked.securityCode === 'AAAA-AAAA' ? 'BBBB-BBBB' : 'AAAA-AAAA';
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const response = await client.post('/api/video/access', { token: booked.token, securityCode: wrong });
      expect([response.status, response.body.code, response.body.attemptsLeft]).toEqual([403, 'video.access.wrong_code', 5 - attempt]);
    }
    expect(await row(booked.id)).toMatchObject({ codeFailedAttempts: 4, codeLockedAt: null });
    const fifth = await client.post('/api/video/access', { token: booked.token, securityCode: 'garbage' });
    expect([fifth.status, fifth.body.code]).toEqual([423, 'video.access.locked']);
    const right = await client.post('/api/video/access', { token: booked.token, securityCode: booked.securityCode });
    expect([right.status, right.body.code]).toEqual([423, 'video.access.locked']);
    // The lock is in the database, not in memory: it holds for any later request.
    const locked = await row(booked.id);
    expect(locked.codeFailedAttempts).toBe(5);
    expect(locked.codeLockedAt).toBeInstanceOf(Date);
    expect(await api.dataSource.getRepository(AuditEntry).countBy({ action: 'appointment.access_refused', subjectId: booked.id })).toBe(6);
    expect(await api.dataSource.query(`SELECT count(*)::int AS n FROM appointment_access WHERE appointment_id = $1`, [booked.id])).toEqual([{ n: 0 }]);
  });

  it('opens the appointment with the right code (typed loosely): cookie session, masked e-mail, deadlines', async () => {
    const booked = await bookOn((await agent()).id);
    const client = await anonymous();
    const response = await client.post('/api/video/access', { token: booked.token, securityCode: ` ${booked.securityCode.toLowerCase().replace('-', ' ')} ` });
    expect(response.status).toBe(200);
    const cookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((value) => value.startsWith('sesame_appointment='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(response.body).toMatchObject({ reference: booked.reference, state: 'requested', emailMasked: expect.stringMatching(/^c\*\*\*@citizen\.test$/), copy: { status: 'missing', problems: [], pageCount: 0 }, canCancel: true, canRebook: true, rebooksLeft: 3, canJoin: false, activationCode: null });
    const view = await client.get('/api/video/access/appointment');
    expect(view.body.reference).toBe(booked.reference);
    // A state change without the CSRF token bound to this session is refused.
    const forged = await client.agent.post('/api/video/access/cancel').set('X-XSRF-TOKEN', 'forged').set('Cookie', 'XSRF-TOKEN=forged');
    expect(forged.status).toBe(403);
    // Another page of the site replaces the XSRF cookie: the session's writes are refused until the
    // next read of the appointment binds it again (the citizen cannot re-enter the code for that).
    await client.csrf();
    expect((await client.post('/api/video/access/rebook', { startsAt: booked.startsAt })).body.code).toBe('error.csrf');
    expect((await client.get('/api/video/access/appointment')).status).toBe(200);
    const rebound = await client.post('/api/video/access/rebook', { startsAt: booked.startsAt });
    expect(rebound.body.code).not.toBe('error.csrf');
    expect((await client.send('delete', '/api/video/access')).status).toBe(204);
    expect((await client.get('/api/video/access/appointment')).status).toBe(401);
  });

  // ── the ID copy ─────────────────────────────────────────────────────────────

  it('checks uploaded ID copies with the worker: greyscale, blurred and too small are refused with reasons; a good colour copy confirms', async () => {
    const owner = await trackedAgent();
    const booked = await bookOn(owner.id);
    const client = await open(booked);
    const card = drawIdDocument({ format: 'TD1' });
    const upload = (file: Buffer, filename = 'id.png', contentType = 'image/png') => client.upload('/api/video/access/id-copy', 'files', file, { filename, contentType });

    const expectations: [Buffer, string][] = [
      [await greyscaleCopy(card), 'video.copy.greyscale'],
      [await blurredCopy(card, 6), 'video.copy.blurred'],
      [await resizedCopy(card, 480), 'video.copy.too_small'],
    ];
    for (const [file, problem] of expectations) {
      const response = await upload(file);
      expect([response.status, response.body.copy?.status]).toEqual([202, 'checking']);
      const checked = await waitForCopyVerdict(booked.id);
      expect(checked).toMatchObject({ status: 'requested', copyStatus: 'refused' });
      expect(checked.copyProblems).toContain(problem);
      const view = await client.get('/api/video/access/appointment');
      expect(view.body.copy.problems).toContain(problem);
    }
    expect(await mailsTo(booked.email, 'video-copy-refused')).toHaveLength(3);

    const started = Date.now();
    const good = await upload(await sharp(card).jpeg({ quality: 90 }).toBuffer(), 'id.jpg', 'image/jpeg');
    expect(good.status).toBe(202);
    const confirmed = await waitForCopyVerdict(booked.id);
    const elapsed = Date.now() - started;
    expect(confirmed).toMatchObject({ status: 'confirmed', copyStatus: 'accepted', copyProblems: [] });
    expect(confirmed.confirmedAt).toBeInstanceOf(Date);
    process.stdout.write(`video: upload → confirmed in ${elapsed} ms (OCR included)\n`);
    expect(await mailsTo(booked.email, 'video-confirmed')).toHaveLength(1);
    // The superseded copies go with the next retention sweep; the current one lives until 30 days after the interview.
    const documents = await api.dataSource.getRepository(Document).findBy({ purpose: 'video_id_copy' });
    const current = documents.find((document) => document.id === confirmed.idDocumentId)!;
    expect(current.retainUntil.getTime()).toBe(confirmed.endsAt.getTime() + 30 * DAY_MS);
    const audit = await api.dataSource.getRepository(AuditEntry).findOneByOrFail({ action: 'appointment.confirm', subjectId: booked.id });
    expect(audit.details).toMatchObject({ documentId: current.id, mrzFound: true });

    // The agent sees the analysis: pages, MRZ, fields.
    const agentClient = await signedIn(owner);
    const detail = await agentClient.get(`/api/video/appointments/${booked.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.copy).toMatchObject({ status: 'accepted', pageCount: 1, mrz: { found: true, valid: true, format: 'TD1' } });
    expect(detail.body.copy.fields.surname.value).toBe('PEETERS');
    const page = await agentClient.download(`/api/video/appointments/${booked.id}/id-copy/pages/1`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('image/jpeg');
    expect(page.headers['cache-control']).toBe('no-store');

    // Once confirmed, no further copy is taken.
    const late = await upload(await sharp(card).png().toBuffer());
    expect([late.status, late.body.code]).toEqual([409, 'video.copy_not_expected']);
  }, 300_000);

  it('refuses a text file named .jpg (415) and a decompression bomb (422) without touching the booking; ignores the verdict on a superseded copy', async () => {
    const booked = await bookOn((await agent()).id);
    const client = await open(booked);
    const text = await client.upload('/api/video/access/id-copy', 'files', Buffer.from('this is not a picture of anything\n'.repeat(50)), { filename: 'id.jpg', contentType: 'image/jpeg' });
    expect([text.status, text.body.code]).toEqual([415, 'document.unsupported_type_pdf']);
    const bomb = await client.upload('/api/video/access/id-copy', 'files', decompressionBombPng(20_000, 20_000, { headerOnly: true }), { filename: 'id.png', contentType: 'image/png' });
    expect(bomb.status).toBe(422);
    expect(await row(booked.id)).toMatchObject({ status: 'requested', copyStatus: 'missing', idDocumentId: null });

    // A verdict for a copy that is not (or no longer) the booking's current one changes nothing.
    await handlers.copyChecked({ appointmentId: booked.id, documentId: '00000000-0000-4000-8000-000000000000' });
    expect(await row(booked.id)).toMatchObject({ status: 'requested', copyStatus: 'missing' });
  });

  // ── cancel, rebook, reminders ───────────────────────────────────────────────

  it('queues reminders on confirmation; after a cancel the reminder sends nothing', async () => {
    const booked = await bookOn((await agent()).id);
    await confirm(booked);
    const reminders = await api.dataSource
      .getRepository(OutboxMessage)
      .createQueryBuilder('m')
      .where(`m.job_name = 'video.reminder' AND m.payload->>'appointmentId' = :id`, { id: booked.id })
      .orderBy('m.available_at', 'ASC')
      .getMany();
    const startsAt = new Date(booked.startsAt).getTime();
    expect(reminders.map((message) => message.availableAt.getTime())).toEqual([startsAt - 1440 * 60_000, startsAt - 60 * 60_000]);

    const client = await open(booked);
    const cancelled = await client.post('/api/video/access/cancel');
    expect([cancelled.status, cancelled.body.state]).toEqual([200, 'cancelled']);
    expect(await mailsTo(booked.email, 'video-cancelled')).toHaveLength(1);
    for (const message of reminders) await handlers.reminder(message.payload as { appointmentId: string; startsAt: string; minutesBefore: number });
    expect(await mailsTo(booked.email, 'video-reminder')).toHaveLength(0);
    // A cancelled appointment cannot be cancelled again, nor started.
    const again = await client.post('/api/video/access/cancel');
    expect([again.status, again.body.code]).toEqual([409, 'video.illegal_transition']);
  });

  it('rebooks a confirmed appointment: same reference, new agent and start, new reminders; the old reminder is a no-op, the new one sends once', async () => {
    const [a, b] = [await agent(), await agent()];
    const booked = await bookOn(a.id);
    await confirm(booked);
    const client = await open(booked);
    const newStart = (await exclusiveSlot([b.id], [100, 300], 30)).startsAt;
    const moved = await client.post('/api/video/access/rebook', { startsAt: newStart.toISOString() });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ reference: booked.reference, state: 'confirmed', startsAt: newStart.toISOString(), rebooksLeft: 2 });
    const appointment = await row(booked.id);
    expect(appointment).toMatchObject({ agentId: b.id, rebookCount: 1 });
    expect(appointment.endsAt.getTime() - appointment.startsAt.getTime()).toBe(30 * 60_000);
    expect(await mailsTo(booked.email, 'video-rebooked')).toHaveLength(1);
    const document = await api.dataSource.getRepository(Document).findOneByOrFail({ id: appointment.idDocumentId! });
    expect(document.retainUntil.getTime()).toBe(appointment.endsAt.getTime() + 30 * DAY_MS);

    await handlers.reminder({ appointmentId: booked.id, startsAt: booked.startsAt, minutesBefore: 60 });
    expect(await mailsTo(booked.email, 'video-reminder')).toHaveLength(0);
    await handlers.reminder({ appointmentId: booked.id, startsAt: newStart.toISOString(), minutesBefore: 60 });
    await handlers.reminder({ appointmentId: booked.id, startsAt: newStart.toISOString(), minutesBefore: 60 });
    expect(await mailsTo(booked.email, 'video-reminder')).toHaveLength(1);
    const newReminders = await api.dataSource.query(`SELECT count(*)::int AS n FROM outbox_message WHERE job_name = 'video.reminder' AND payload->>'appointmentId' = $1 AND payload->>'startsAt' = $2`, [booked.id, newStart.toISOString()]);
    expect(newReminders[0].n).toBe(2);

    // The old slot is free again; the rebook limit holds.
    const oldSlot = await (await anonymous()).get(`/api/video/slots?from=${booked.startsAt.slice(0, 10)}&days=2`);
    expect(JSON.stringify(oldSlot.body)).toContain(booked.startsAt);
    await api.dataSource.getRepository(Appointment).update({ id: booked.id }, { rebookCount: 3 });
    const limit = await client.post('/api/video/access/rebook', { startsAt: booked.startsAt });
    expect([limit.status, limit.body.code]).toEqual([409, 'video.rebook_limit']);
  });

  it('refuses a change within VIDEO_CHANGE_LIMIT_HOURS of the start', async () => {
    const booked = await bookOn((await agent()).id);
    await moveStart(booked.id, 60);
    const client = await open(booked);
    const late = await client.post('/api/video/access/cancel');
    expect([late.status, late.body.code]).toEqual([409, 'video.change_too_late']);
  });

  // ── the agent ───────────────────────────────────────────────────────────────

  it('manages availability: a pattern, an overlapping one refused, an exception; only one’s own', async () => {
    const a = await trackedAgent();
    const client = await signedIn(a);
    const created = await client.post('/api/video/availability/patterns', { weekday: 2, startTime: '09:00', endTime: '12:00', slotMinutes: 30, validFrom: dayAhead(1) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ weekday: 2, startTime: '09:00', endTime: '12:00', slotMinutes: 30, validUntil: null });
    const overlap = await client.post('/api/video/availability/patterns', { weekday: 2, startTime: '11:00', endTime: '13:00', validFrom: dayAhead(30) });
    expect([overlap.status, overlap.body.code]).toEqual([409, 'video.pattern_overlap']);
    const badSpan = await client.post('/api/video/availability/patterns', { weekday: 3, startTime: '12:00', endTime: '09:00', validFrom: dayAhead(1) });
    expect([badSpan.status, badSpan.body.code]).toEqual([400, 'video.time_span_invalid']);
    const exception = await client.post('/api/video/availability/exceptions', { day: dayAhead(8), kind: 'unavailable' });
    expect(exception.status).toBe(201);
    const listed = await client.get('/api/video/availability');
    expect(listed.body).toMatchObject({ agentId: a.id, patterns: [{ id: created.body.id }], exceptions: [{ id: exception.body.id, kind: 'unavailable', startTime: null }] });
    const other = await agent();
    expect((await client.get(`/api/video/availability?agentId=${other.id}`)).status).toBe(403);
    expect((await client.send('delete', `/api/video/availability/patterns/${created.body.id}`)).status).toBe(204);
    expect((await client.get('/api/video/availability')).body.patterns).toEqual([]);

    // Supervisors see the capacity per day: this agent's published slots count in it.
    const supervisor = await signedIn(await createStaff(api.app, { roles: ['supervisor'] }));
    const { day } = await exclusiveSlot([a.id]);
    const capacity = await supervisor.get(`/api/video/capacity?from=${day}&days=1`);
    expect(capacity.status).toBe(200);
    expect(capacity.body.days).toEqual([expect.objectContaining({ date: day })]);
    expect(capacity.body.days[0].slots).toBeGreaterThanOrEqual(1);
    expect(capacity.body.days[0].free).toBeGreaterThanOrEqual(1);
  });

  it('runs an interview: start too early refused, start, still, approve → activation code (channel video) shown to the citizen and e-mailed', async () => {
    const a = await trackedAgent();
    const booked = await bookOn(a.id);
    const agentClient = await signedIn(a);
    // Approving a requested appointment is an illegal transition.
    const early = await agentClient.post(`/api/video/appointments/${booked.id}/approve`, approveBody());
    expect([early.status, early.body.code]).toEqual([409, 'video.illegal_transition']);
    await confirm(booked);
    const tooEarly = await agentClient.post(`/api/video/appointments/${booked.id}/start`);
    expect([tooEarly.status, tooEarly.body.code]).toEqual([409, 'video.too_early']);
    await moveStart(booked.id, 5);
    const otherAgent = await signedIn(await trackedAgent());
    const notTheirs = await otherAgent.post(`/api/video/appointments/${booked.id}/start`);
    // Another agent is told the appointment does not exist, as its reads answer.
    expect([notTheirs.status, notTheirs.body.code]).toEqual([404, 'video.appointment_not_found']);
    const agenda = await agentClient.get(`/api/video/agenda?from=${brusselsDate(new Date())}&days=2`);
    expect(agenda.status).toBe(200);
    expect(agenda.body.appointments.filter((item: { id: string }) => item.id === booked.id)).toEqual([
      expect.objectContaining({ reference: booked.reference, state: 'confirmed', agent: { id: a.id, displayName: expect.any(String) }, citizenWaiting: false, copy: expect.objectContaining({ status: 'accepted' }) }),
    ]);
    expect(agenda.body.appointments.every((item: { agent: { id: string } }) => item.agent.id === a.id)).toBe(true);
    const started = await agentClient.post(`/api/video/appointments/${booked.id}/start`);
    expect([started.status, started.body.state]).toEqual([200, 'in_progress']);

    const still = await agentClient.upload(`/api/video/appointments/${booked.id}/stills`, 'file', await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 200, g: 100, b: 50 } } }).jpeg().toBuffer(), { filename: 'still.jpg', contentType: 'image/jpeg' });
    expect(still.status).toBe(201);
    const stillDocument = await api.dataSource.query(`SELECT d.status, d.purpose FROM appointment_still s JOIN document d ON d.id = s.document_id WHERE s.id = $1`, [still.body.id]);
    expect(stillDocument).toEqual([{ status: 'processed', purpose: 'video_still' }]);
    const stillBytes = await agentClient.download(`/api/video/appointments/${booked.id}/stills/${still.body.id}`);
    expect([stillBytes.status, stillBytes.headers['content-type']]).toEqual([200, 'image/jpeg']);

    const incomplete = await agentClient.post(`/api/video/appointments/${booked.id}/approve`, approveBody({ livenessChecked: false }));
    expect([incomplete.status, incomplete.body.code]).toEqual([400, 'video.checklist_incomplete']);
    const badNumber = await agentClient.post(`/api/video/appointments/${booked.id}/approve`, { ...approveBody(), person: { ...approveBody().person, nationalNumber: invalidNationalNumber() } });
    expect([badNumber.status, badNumber.body.code]).toEqual([422, 'video.national_number_invalid']);
    const approved = await agentClient.post(`/api/video/appointments/${booked.id}/approve`, approveBody());
    expect(approved.status).toBe(200);
    expect(approved.body.activationCode).toMatch(/^([2-9A-HJKMNP-TV-Z]{5}-){3}[2-9A-HJKMNP-TV-Z]{5}$/);
    expect(approved.body.appointment).toMatchObject({ state: 'approved', activationCodeIssued: true, stills: [{ id: still.body.id }] });
    const appointment = await row(booked.id);
    const code = await api.dataSource.getRepository(ActivationCode).findOneByOrFail({ id: appointment.activationCodeId! });
    expect(code).toMatchObject({ channel: 'video', status: 'issued', municipalityNisCode: null, email: booked.email, issuedBy: a.id });
    const evidence = await api.dataSource.query(`SELECT kind, municipality_nis_code, checked_by FROM identity_evidence WHERE id = $1`, [code.evidenceId]);
    expect(evidence).toEqual([{ kind: 'video_interview', municipality_nis_code: null, checked_by: a.id }]);
    expect(await mailsTo(booked.email, 'video-activation-link')).toHaveLength(1);
    expect(await api.dataSource.query(`SELECT count(*)::int AS n FROM outbox_message WHERE job_name = 'letters.render' AND payload->>'activationCodeId' = $1`, [code.id])).toEqual([{ n: 0 }]);

    const citizen = await open(booked);
    const view = await citizen.get('/api/video/access/appointment');
    expect(view.body).toMatchObject({ state: 'approved', activationCode: approved.body.activationCode });
    // An approved appointment cannot be cancelled.
    const cancel = await citizen.post('/api/video/access/cancel');
    expect([cancel.status, cancel.body.code]).toEqual([409, 'video.illegal_transition']);
    // Once the code is used, the page no longer shows it.
    await api.dataSource.query(`UPDATE activation_code SET status = 'consumed', letter_code_sealed = NULL WHERE id = $1`, [code.id]);
    expect((await citizen.get('/api/video/access/appointment')).body.activationCode).toBeNull();

    // Retention, with the sweep's clock moved: the ID copy and the still are kept until the end of the
    // interview + VIDEO_DOCUMENT_RETENTION_DAYS (30), then purged; the trail keeps the fact, not the data.
    const { idDocumentId, endsAt } = await row(booked.id);
    const stillDocumentId = (await api.dataSource.query(`SELECT document_id FROM appointment_still WHERE id = $1`, [still.body.id]))[0].document_id as string;
    const retentionEnd = endsAt.getTime() + 30 * DAY_MS;
    // `confirm()` stored this copy directly with a short retention; an uploaded copy gets the rule's (checked in the
    // ID-copy test above), which the still got from the agent's upload here.
    expect((await api.dataSource.getRepository(Document).findOneByOrFail({ id: stillDocumentId })).retainUntil.getTime()).toBe(retentionEnd);
    await api.dataSource.getRepository(Document).update({ id: idDocumentId! }, { retainUntil: new Date(retentionEnd) });
    const maintenance = worker.get(MaintenanceService);
    await maintenance.purgeDocuments({ now: new Date(retentionEnd - 60_000) });
    expect(await api.dataSource.getRepository(Document).countBy({ id: idDocumentId! })).toBe(1);
    expect(await api.dataSource.getRepository(Document).countBy({ id: stillDocumentId })).toBe(1);
    await maintenance.purgeDocuments({ now: new Date(retentionEnd + 60_000) });
    expect(await api.dataSource.getRepository(Document).countBy({ id: idDocumentId! })).toBe(0);
    expect(await api.dataSource.getRepository(Document).countBy({ id: stillDocumentId })).toBe(0);
    expect(await api.dataSource.query(`SELECT count(*)::int AS n FROM appointment_still WHERE appointment_id = $1`, [booked.id])).toEqual([{ n: 0 }]);
    expect((await row(booked.id)).idDocumentId).toBeNull();
    const purged = await api.dataSource.getRepository(AuditEntry).find({ where: [{ action: 'document.purged', subjectId: idDocumentId! }, { action: 'document.purged', subjectId: stillDocumentId }] });
    expect(purged.map((entry) => entry.details).sort((x, y) => String(x.purpose).localeCompare(String(y.purpose)))).toEqual([
      { reason: 'retention', purpose: 'video_id_copy', pageCount: 1 },
      { reason: 'retention', purpose: 'video_still', pageCount: 1 },
    ]);
    expect(JSON.stringify(purged)).not.toMatch(/PEETERS|Peeters|citizen\.test/);
    // The agent still sees the approved interview, without the copy.
    const afterPurge = await agentClient.get(`/api/video/appointments/${booked.id}`);
    expect([afterPurge.status, afterPurge.body.state, afterPurge.body.copy.documentId]).toEqual([200, 'approved', null]);
  });

  it('asks the agent to confirm before approving when digital keys are active on the e-mail: 409 and nothing changed without it, approved with it', async () => {
    const a = await trackedAgent();
    const agentClient = await signedIn(a);
    const interview = async (booked: Booked) => {
      await confirm(booked);
      await moveStart(booked.id, 5);
      expect((await agentClient.post(`/api/video/appointments/${booked.id}/start`)).status).toBe(200);
    };
    // A first interview for this e-mail: no keys yet, so no confirmation is asked; its code then activates a key.
    const first = await bookOn(a.id, undefined, 'keys');
    await interview(first);
    expect((await agentClient.get(`/api/video/appointments/${first.id}`)).body.activeKeysOnEmail).toBe(0);
    const firstApproval = await agentClient.post(`/api/video/appointments/${first.id}/approve`, approveBody());
    expect(firstApproval.status).toBe(200);
    const firstCode = await api.dataSource.getRepository(ActivationCode).findOneByOrFail({ id: (await row(first.id)).activationCodeId! });
    expect(firstCode.replacesKeysConfirmed).toBe(false);
    await api.dataSource.getRepository(DigitalKey).insert({
      id: randomUUID(),
      personId: firstCode.personId,
      activationCodeId: firstCode.id,
      kind: 'email_code',
      status: 'active',
      email: first.email,
      username: `u${randomBytes(4).toString('hex')}`,
      activatedAt: new Date(),
    });

    // A second interview of the same citizen e-mail.
    const second = await book((await exclusiveSlot([a.id])).startsAt, 'keys', 'en', first.email);
    await interview(second);
    const detail = await agentClient.get(`/api/video/appointments/${second.id}`);
    expect(detail.body).toMatchObject({ state: 'in_progress', activeKeysOnEmail: 1 });
    const evidenceBefore = await api.dataSource.getRepository(IdentityEvidence).countBy({ personId: firstCode.personId });
    for (const body of [approveBody(), { ...approveBody(), confirmReplaceKeys: false }]) {
      const refused = await agentClient.post(`/api/video/appointments/${second.id}/approve`, body);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'video.keys_confirmation_required', activeKeys: 1 });
      expect(refused.body.message).toContain('(1)');
    }
    expect(await row(second.id)).toMatchObject({ status: 'in_progress', activationCodeId: null, personId: null, endedAt: null });
    expect(await api.dataSource.getRepository(ActivationCode).countBy({ email: first.email })).toBe(1);
    expect(await api.dataSource.getRepository(IdentityEvidence).countBy({ personId: firstCode.personId })).toBe(evidenceBefore);
    expect(await mailsTo(first.email, 'video-activation-link')).toHaveLength(1);

    const approved = await agentClient.post(`/api/video/appointments/${second.id}/approve`, { ...approveBody(), confirmReplaceKeys: true });
    expect(approved.status).toBe(200);
    expect(approved.body.appointment).toMatchObject({ state: 'approved', activationCodeIssued: true, activeKeysOnEmail: 1 });
    const secondCode = await api.dataSource.getRepository(ActivationCode).findOneByOrFail({ id: (await row(second.id)).activationCodeId! });
    expect(secondCode).toMatchObject({ status: 'issued', email: first.email, replacesKeysConfirmed: true });
    expect(await mailsTo(first.email, 'video-activation-link')).toHaveLength(2);
  });

  it('lists the video agents for the console filters: every enabled one by name for supervisors and admins, only oneself for an agent', async () => {
    const [later, earlier, disabled] = [await agent(), await agent(), await createStaff(api.app, { roles: ['video_agent'], disabled: true })];
    const clerkOnly = await createStaff(api.app, { roles: ['clerk'] });
    await api.dataSource.getRepository(Staff).update({ id: later.id }, { displayName: `Agent ${TAG} B` });
    await api.dataSource.getRepository(Staff).update({ id: earlier.id }, { displayName: `Agent ${TAG} A` });
    for (const roles of [['supervisor'], ['admin']] as const) {
      const listed = await (await signedIn(await createStaff(api.app, { roles: [...roles] }))).get('/api/video/agents');
      expect(listed.status).toBe(200);
      const ids = listed.body.agents.map((entry: { id: string }) => entry.id);
      expect(listed.body.agents.filter((entry: { id: string }) => [later.id, earlier.id].includes(entry.id))).toEqual([
        { id: earlier.id, displayName: `Agent ${TAG} A` },
        { id: later.id, displayName: `Agent ${TAG} B` },
      ]);
      expect(ids).not.toContain(disabled.id);
      expect(ids).not.toContain(clerkOnly.id);
    }
    const own = await (await signedIn(later)).get('/api/video/agents');
    expect(own.body).toEqual({ agents: [{ id: later.id, displayName: `Agent ${TAG} B` }] });
  });

  it('refuses with a reason (mailed); starting a cancelled interview and an early no-show are refused; a late no-show is recorded', async () => {
    const a = await trackedAgent();
    const agentClient = await signedIn(a);
    const refusedOne = await bookOn(a.id);
    await confirm(refusedOne);
    await moveStart(refusedOne.id, 5);
    expect((await agentClient.post(`/api/video/appointments/${refusedOne.id}/start`)).status).toBe(200);
    const short = await agentClient.post(`/api/video/appointments/${refusedOne.id}/refuse`, { reason: 'x' });
    expect(short.status).toBe(400);
    const refused = await agentClient.post(`/api/video/appointments/${refusedOne.id}/refuse`, { reason: 'The document shown does not match the copy.' });
    expect([refused.status, refused.body.state, refused.body.outcomeReason]).toEqual([200, 'refused', 'The document shown does not match the copy.']);
    const [mail] = await mailsTo(refusedOne.email, 'video-refused');
    expect((mail!.payload as { params: { reason: string } }).params.reason).toBe('The document shown does not match the copy.');

    const cancelledOne = await bookOn(a.id);
    const citizen = await open(cancelledOne);
    expect((await citizen.post('/api/video/access/cancel')).status).toBe(200);
    const start = await agentClient.post(`/api/video/appointments/${cancelledOne.id}/start`);
    expect([start.status, start.body.code, start.body.state]).toEqual([409, 'video.illegal_transition', 'cancelled']);

    const absent = await bookOn(a.id);
    await confirm(absent);
    await moveStart(absent.id, -5);
    const tooEarly = await agentClient.post(`/api/video/appointments/${absent.id}/no-show`);
    expect([tooEarly.status, tooEarly.body.code]).toEqual([409, 'video.no_show_too_early']);
    await moveStart(absent.id, -20);
    const noShow = await agentClient.post(`/api/video/appointments/${absent.id}/no-show`);
    expect([noShow.status, noShow.body.state]).toEqual([200, 'no_show']);
    expect(await mailsTo(absent.email, 'video-no-show')).toHaveLength(1);
  });

  // ── the sweep (last: its clock runs ahead) ──────────────────────────────────

  it('sweeps with a controllable clock: unconfirmed bookings past their deadline expire, confirmed ones never started become no-shows', async () => {
    const unconfirmed = await bookOn((await agent()).id, [40, 60]);
    const absent = await bookOn((await agent()).id, [61, 80]);
    await confirm(absent);
    const deadline = (await row(unconfirmed.id)).confirmBy;

    // (Bookings of earlier tests with an earlier deadline expire here too: the clock is the same for all.)
    await handlers.sweep(new Date(deadline.getTime() - 60_000));
    expect(await row(unconfirmed.id)).toMatchObject({ status: 'requested' });
    await handlers.sweep(new Date(deadline.getTime() + 1000));
    expect(await row(unconfirmed.id)).toMatchObject({ status: 'expired' });
    expect(await mailsTo(unconfirmed.email, 'video-expired')).toHaveLength(1);
    expect(await api.dataSource.getRepository(AuditEntry).findOneByOrFail({ action: 'appointment.expire', subjectId: unconfirmed.id })).toMatchObject({ actorRole: 'system' });

    const startsAt = new Date(absent.startsAt).getTime();
    await handlers.sweep(new Date(startsAt + 14 * 60_000));
    expect(await row(absent.id)).toMatchObject({ status: 'confirmed' });
    await handlers.sweep(new Date(startsAt + 16 * 60_000));
    expect(await row(absent.id)).toMatchObject({ status: 'no_show' });
    expect(await mailsTo(absent.email, 'video-no-show')).toHaveLength(1);
    // Idempotent: a second pass changes nothing and mails nothing more.
    await handlers.sweep(new Date(startsAt + 17 * 60_000));
    expect(await mailsTo(absent.email, 'video-no-show')).toHaveLength(1);
  });
});

/** A valid Belgian national number for someone born on 1990-04-12 (serial random). */
function nationalNumber(): string {
  const serial = String(randomInt(1, 997)).padStart(3, '0');
  const base = `900412${serial}`;
  return `${base}${String(97 - (Number(base) % 97)).padStart(2, '0')}`;
}

function approveBody(checklist: Partial<Record<'faceMatches' | 'documentGenuine' | 'dataConfirmed' | 'livenessChecked', boolean>> = {}) {
  return {
    checklist: { faceMatches: true, documentGenuine: true, dataConfirmed: true, livenessChecked: true, ...checklist },
    person: {
      surname: 'Peeters',
      givenNames: 'Lotte Marie',
      birthDate: '1990-04-12',
      sex: 'F',
      nationalNumber: NATIONAL_NUMBER,
      nationality: 'BEL',
      documentType: 'identity_card',
      documentNumber: `B${randomInt(10_000_000, 99_999_999)}`,
      issuingState: 'BEL',
      validUntil: `${new Date().getUTCFullYear() + 5}-01-18`,
    },
  };
}
const NATIONAL_NUMBER = nationalNumber();
/** The same with a wrong check digit. */
function invalidNationalNumber(): string {
  for (let delta = 1; ; delta += 1) {
    const candidate = `${NATIONAL_NUMBER.slice(0, 9)}${String((Number(NATIONAL_NUMBER.slice(9)) + delta) % 100).padStart(2, '0')}`;
    if (!isValidNationalNumber(candidate)) return candidate;
  }
}
