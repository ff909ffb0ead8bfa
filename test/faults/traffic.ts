import type { Client } from 'pg';
import { randomBytes, randomInt } from 'node:crypto';
import { BenchHttpClient } from '../../bench/video-clients';
import { toRawFiles } from '../../desk-agent/src/card/card-read-result';
import { buildCardProfile, DEMO_IDENTITIES, makeNationalNumber, type CardholderIdentity, type TestPki } from '../../tools/beid-emulator';
import { BELGIAN_ID_CARD, drawIdDocument, td1Lines } from '../../worker/src/ocr/testing/id-card-image';
import { addDays } from '../../api/src/video/brussels-time';
import { brusselsDate } from '../../libs/domain/src';

/** What the clients saw, per phase of the fault scenario, endpoint and status (0: no answer). */
export class Recorder {
  phase = 'warm-up';
  readonly phases: string[] = ['warm-up'];
  private readonly counts = new Map<string, number>();
  /** Secrets the clients handled (security codes, link tokens): the log scan looks for them. */
  readonly secrets = new Set<string>();

  enter(phase: string): void {
    this.phase = phase;
    this.phases.push(phase);
  }

  record(endpoint: string, status: number): void {
    const key = `${this.phase}\t${endpoint}\t${status}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  rows(): { phase: string; endpoint: string; status: number; count: number }[] {
    return [...this.counts].map(([key, count]) => {
      const [phase, endpoint, status] = key.split('\t') as [string, string, string];
      return { phase, endpoint, status: Number(status), count };
    });
  }

  total(filter: (row: { phase: string; endpoint: string; status: number }) => boolean = () => true): number {
    return this.rows()
      .filter(filter)
      .reduce((sum, row) => sum + row.count, 0);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One request; a refused connection or a reset (the api killed) is recorded as status 0. */
async function call<T = Record<string, unknown>>(
  recorder: Recorder,
  endpoint: string,
  request: () => Promise<{ status: number; body: T }>,
): Promise<{ status: number; body: T | null }> {
  try {
    const response = await request();
    recorder.record(endpoint, response.status);
    return response;
  } catch {
    recorder.record(endpoint, 0);
    return { status: 0, body: null };
  }
}

/** Runs `round` again and again until `stop()` says so, pausing after failures. */
async function loop(running: () => boolean, round: () => Promise<boolean>, pauseMs: number): Promise<void> {
  while (running()) {
    const ok = await round().catch(() => false);
    await sleep(ok ? pauseMs : 250);
  }
}

const identities = Object.values(DEMO_IDENTITIES) as CardholderIdentity[];
let serial = 0;

/** A demo cardholder with another national number (same birth date, same sex: the serial's parity kept). */
function cardholder(): CardholderIdentity {
  serial += 1;
  const base = identities[serial % identities.length]!;
  const digits = base.nationalNumber;
  const year = Number(digits.slice(0, 2));
  const birth = { year: (year > 30 ? 1900 : 2000) + year, month: Number(digits.slice(2, 4)), day: Number(digits.slice(4, 6)) };
  const parity = Number(digits.slice(6, 9)) % 2;
  const counter = 2 * (1 + (Math.floor(serial / identities.length) % 480)) + parity;
  return { ...base, nationalNumber: makeNationalNumber(birth, counter), surname: `Faultdesk${String.fromCharCode(65 + (serial % 26))}` };
}

/** A clerk at the desk: reads a card, then issues an activation code (letter + mail by the worker). */
export function deskFlow(client: BenchHttpClient, pki: TestPki, recorder: Recorder, running: () => boolean): Promise<void> {
  return loop(
    running,
    async () => {
      const { files } = buildCardProfile(cardholder(), pki, { generation: serial % 2 ? '1.8' : '1.7' });
      // The files as the desk agent sends them.
      const read = await call(recorder, 'POST /api/desk/card-reads', () => client.post<{ evidence: { id: string } }>('/api/desk/card-reads', { files: toRawFiles(files) }));
      if (read.status !== 200 || !read.body) return false;
      const email = `desk-${randomBytes(5).toString('hex')}@citizen.test`;
      const issued = await call(recorder, 'POST /api/desk/activation-codes', () =>
        client.post('/api/desk/activation-codes', { evidenceId: read.body!.evidence.id, email, language: ['fr', 'nl', 'de', 'en'][serial % 4] }),
      );
      return issued.status === 201;
    },
    200,
  );
}

function nissRequest(n: number) {
  const inAYear = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  return {
    document: { type: 'passport', number: `FT${String(n).padStart(7, '0')}`, issuingCountry: 'MAR', validUntil: inAYear, nationalNumber: null, mrz: [] },
    person: { surname: `Faultniss${n}`, givenNames: 'Youssef', birthDate: '1990-04-12', sex: 'M', nationality: 'MAR', birthPlace: 'Casablanca', birthCountry: 'MA' },
    residence: { street: 'Rue Ibn Batouta', houseNumber: '12', box: null, postalCode: '20000', municipality: 'Casablanca', country: 'MA' },
    contactAddress: null,
    comment: null,
    notificationEmail: `hr-${n}@employer.test`,
  };
}

/** A requester: uploads an identity document (OCR'd by the worker), then submits the NISS request. */
export function nissFlow(client: BenchHttpClient, document: Buffer, recorder: Recorder, running: () => boolean, pauseMs: number): Promise<void> {
  let n = 0;
  return loop(
    running,
    async () => {
      const form = new FormData();
      form.append('files', new Blob([new Uint8Array(document)], { type: 'image/png' }), 'passport.png');
      const uploaded = await call(recorder, 'POST /api/requester/documents', () => client.send<{ id: string }>('POST', '/api/requester/documents', form));
      if (uploaded.status !== 202 || !uploaded.body) return false;
      n += 1;
      const submitted = await call(recorder, 'POST /api/requester/tickets', () =>
        client.post('/api/requester/tickets', { documentId: uploaded.body!.id, data: nissRequest(randomInt(1e6)) }),
      );
      return submitted.status === 201;
    },
    pauseMs,
  );
}

/** The ID picture a citizen sends for a video interview: a colour TD1 card the OCR reads. */
export const idCopy = (): Buffer => drawIdDocument({ format: 'TD1', mrz: td1Lines(BELGIAN_ID_CARD) });

/**
 * A citizen books a free video slot, opens the appointment with the mailed link and the security
 * code, and sends the ID copy (OCR'd, then confirmed or refused by the worker, with its mail).
 */
export function videoFlow(baseUrl: string, database: () => Client, picture: Buffer, recorder: Recorder, running: () => boolean, pauseMs: number): Promise<void> {
  return loop(
    running,
    async () => {
      const client = new BenchHttpClient(baseUrl);
      await call(recorder, 'GET /api/video/csrf', () => client.get('/api/auth/csrf'));
      const day = addDays(brusselsDate(new Date()), randomInt(2, 100));
      const listed = await call(recorder, 'GET /api/video/slots', () => client.get<{ days: { slots: { startsAt: string; free: number }[] }[] }>(`/api/video/slots?from=${day}&days=1`));
      const free = listed.body?.days?.[0]?.slots.filter((slot) => slot.free > 0) ?? [];
      if (listed.status !== 200 || free.length === 0) return false;
      const slot = free[randomInt(free.length)]!;
      const email = `video-${randomBytes(5).toString('hex')}@citizen.test`;
      const booked = await call(recorder, 'POST /api/video/appointments', () =>
        client.post<{ reference: string; securityCode: string }>('/api/video/appointments', { startsAt: slot.startsAt, givenNames: 'Lotte', surname: 'Faultvideo', email, language: 'nl' }),
      );
      if (booked.status !== 201 || !booked.body) return booked.status === 409;
      // The link of the booking mail, read from its outbox row (the mail may not have left yet).
      const token = await linkToken(database, booked.body.reference);
      recorder.secrets.add(booked.body.securityCode);
      if (!token) return false;
      recorder.secrets.add(token);
      const citizen = new BenchHttpClient(baseUrl);
      await call(recorder, 'GET /api/video/csrf', () => citizen.get('/api/auth/csrf'));
      const opened = await call(recorder, 'POST /api/video/access', () => citizen.post('/api/video/access', { token, securityCode: booked.body!.securityCode }));
      if (opened.status !== 200) return false;
      const form = new FormData();
      form.append('files', new Blob([new Uint8Array(picture)], { type: 'image/png' }), 'id.png');
      const sent = await call(recorder, 'POST /api/video/access/id-copy', () => citizen.send('POST', '/api/video/access/id-copy', form));
      return sent.status >= 200 && sent.status < 300;
    },
    pauseMs,
  );
}

async function linkToken(database: () => Client, reference: string): Promise<string | null> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const client = database();
    try {
      await client.connect();
      const { rows } = await client.query<{ url: string }>(
        `SELECT payload->'params'->>'url' AS url FROM outbox_message WHERE job_name = 'mail.send' AND payload->>'template' = 'video-booked' AND payload->'params'->>'reference' = $1`,
        [reference],
      );
      if (rows[0]) return new URL(rows[0].url).searchParams.get('t');
    } catch {
      // PostgreSQL restarting: try again
    } finally {
      await client.end().catch(() => undefined);
    }
    await sleep(250);
  }
  return null;
}
