/**
 * Booking under contention, shared by bench/video.bench.ts and bench/load.bench.ts: `slots` slots
 * published on two Sundays by the given agents, then `contenders` concurrent
 * `POST /api/video/appointments` on them (several per slot), and the checks in SQL afterwards.
 */
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { addDays, brusselsInstant, isoWeekday } from '../api/src/video/brussels-time';
import type { BenchHttpClient, Timed } from './video-clients';

export interface ContentionInput {
  dataSource: DataSource;
  /** An anonymous client (csrf cookie taken) of the listening api. */
  client: BenchHttpClient;
  /** The agents that publish the contended slots (video_agent staff without other availability). */
  agentIds: string[];
  /** Today in Brussels (YYYY-MM-DD). */
  today: string;
  horizonDays: number;
  contenders: number;
  /** Even: half on each of two Sundays. */
  slots: number;
  /** The burst's order (seeded by the caller). */
  random: () => number;
}

type Answer = Timed<Record<string, unknown>>;

export interface ContentionOutcome {
  won: Answer[];
  taken: Answer[];
  other: Answer[];
  burstMs: number;
  /** Pairs of overlapping live bookings of one agent, whole table. */
  overlaps: number;
  /** Live bookings per contended slot: `slots` slots held `n` bookings. */
  perSlot: { n: number; slots: number }[];
}

type SlotsBody = { days: { date: string; slots: { startsAt: string; free: number }[] }[] };

/** Publishes the slots (checked through the api's listing), then runs the burst and the SQL checks. */
export async function bookContendedSlots(input: ContentionInput): Promise<ContentionOutcome> {
  const { dataSource, client, agentIds, today } = input;
  const sundays: string[] = [];
  for (let d = 15; sundays.length < 2 && d < input.horizonDays - 1; d += 1) if (isoWeekday(addDays(today, d)) === 7) sundays.push(addDays(today, d));
  const perDay = input.slots / sundays.length;
  const contentionStarts: Date[] = [];
  for (const day of sundays) {
    for (const agentId of agentIds) {
      await dataSource.query(
        `INSERT INTO video_availability_pattern (agent_id, weekday, start_time, end_time, slot_minutes, valid_from, valid_until, created_by) VALUES ($1, 7, '08:00', $2, 20, $3, $3, $1)`,
        [agentId, `${String(8 + Math.floor((perDay * 20) / 60)).padStart(2, '0')}:${String((perDay * 20) % 60).padStart(2, '0')}`, day],
      );
    }
    for (let k = 0; k < perDay; k += 1) contentionStarts.push(brusselsInstant(day, 8 * 60 + 20 * k));
  }
  for (const day of sundays) {
    const check = await client.get<SlotsBody>(`/api/video/slots?from=${day}&days=1`);
    const offered = check.body.days[0]!.slots.filter((slot) => slot.free === agentIds.length).length;
    if (offered !== perDay) throw new Error(`contention day ${day}: ${offered} slots with ${agentIds.length} free agents, expected ${perDay}`);
  }
  const order = Array.from({ length: input.contenders }, (_, i) => ({ i, key: input.random() })).sort((a, b) => a.key - b.key);
  const burstStarted = performance.now();
  const results = await Promise.all(
    order.map(({ i }) =>
      client
        .post('/api/video/appointments', {
          startsAt: contentionStarts[i % input.slots]!.toISOString(),
          givenNames: 'Jan',
          surname: `Race ${i}`,
          email: `race-${i}@bench.test`,
          language: 'nl',
        })
        .catch((error: unknown): Answer => ({ status: 0, body: { error: String(error) }, ms: performance.now() - burstStarted })),
    ),
  );
  const burstMs = performance.now() - burstStarted;
  const isTaken = (r: Answer) => r.status === 409 && r.body?.code === 'video.slot_taken';
  const [overlaps] = await dataSource.query(
    `SELECT count(*)::int AS n FROM appointment a JOIN appointment b ON a.agent_id = b.agent_id AND a.id < b.id
       AND tstzrange(a.starts_at, a.ends_at, '[)') && tstzrange(b.starts_at, b.ends_at, '[)')
     WHERE a.status IN ('requested', 'confirmed', 'in_progress') AND b.status IN ('requested', 'confirmed', 'in_progress')`,
  );
  const perSlot: { n: number; slots: number }[] = await dataSource.query(
    `SELECT n, count(*)::int AS slots FROM (SELECT starts_at, count(*)::int AS n FROM appointment WHERE agent_id = ANY($1) AND status IN ('requested', 'confirmed', 'in_progress') GROUP BY starts_at) s GROUP BY n ORDER BY n`,
    [agentIds],
  );
  return {
    won: results.filter((r) => r.status === 201),
    taken: results.filter(isTaken),
    other: results.filter((r) => r.status !== 201 && !isTaken(r)),
    burstMs,
    overlaps: overlaps.n as number,
    perSlot,
  };
}
