import { addDays, brusselsDayClock, isoWeekday, minutesOfTime } from './brussels-time';

/**
 * Free interview slots, computed (never stored) from the agents' weekly patterns, the day's
 * exceptions and the live bookings (ADR 0006). Pure: the service loads the rows, this decides.
 */

export interface PatternInput {
  agentId: string;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  /** Local times, `HH:MM[:SS]`. */
  startTime: string;
  endTime: string;
  slotMinutes: number;
  validFrom: string;
  validUntil: string | null;
}

export interface ExceptionInput {
  agentId: string;
  day: string;
  kind: 'unavailable' | 'extra';
  startTime: string | null;
  endTime: string | null;
  slotMinutes: number | null;
}

export interface BookingInput {
  agentId: string;
  startsAt: Date;
  endsAt: Date;
}

/** One agent's slot. */
export interface AgentSlot {
  agentId: string;
  day: string;
  startsAt: Date;
  endsAt: Date;
}

export interface SlotQuery {
  /** First day (Europe/Brussels), YYYY-MM-DD. */
  from: string;
  days: number;
  /** Slots starting at or before now are not offered. */
  now: Date;
  /** Slots starting at or after this instant are not offered (the booking horizon). */
  horizonEnd: Date;
}

export interface SlotDay {
  date: string;
  slots: { startsAt: Date; endsAt: Date; free: number; agentIds: string[] }[];
}

const MINUTE_MS = 60_000;
/** Slots may run past midnight (a span ending at 24:00 minus a slot, longer slots): bookings this close to the day count too. */
const DAY_SLACK_MS = 4 * 60 * MINUTE_MS;

const overlaps = (aStart: number, aEnd: number, bStart: number, bEnd: number): boolean => aStart < bEnd && bStart < aEnd;

/** Slots of `minutes` cut from a local span of one day, as instants (the last slot ends by the span's end). */
function cutSpan(clock: (minutes: number) => Date, startTime: string, endTime: string, slotMinutes: number): { startsAt: Date; endsAt: Date }[] {
  const start = minutesOfTime(startTime);
  const end = minutesOfTime(endTime);
  const slots: { startsAt: Date; endsAt: Date }[] = [];
  for (let minute = start; minute + slotMinutes <= end; minute += slotMinutes) {
    const startsAt = clock(minute);
    slots.push({ startsAt, endsAt: new Date(startsAt.getTime() + slotMinutes * MINUTE_MS) });
  }
  return slots;
}

const patternApplies = (pattern: PatternInput, day: string): boolean =>
  pattern.weekday === isoWeekday(day) && pattern.validFrom <= day && (pattern.validUntil === null || day <= pattern.validUntil);

/**
 * Every free slot of every agent on the days asked: pattern spans and `extra` spans cut into slots,
 * minus those touching an `unavailable` exception (the whole day when it has no times) or a live
 * booking of the same agent, minus those not strictly in the future or beyond the horizon.
 */
export function computeAgentSlots(query: SlotQuery, patterns: readonly PatternInput[], exceptions: readonly ExceptionInput[], bookings: readonly BookingInput[]): AgentSlot[] {
  const agents = [...new Set([...patterns.map((pattern) => pattern.agentId), ...exceptions.filter((e) => e.kind === 'extra').map((e) => e.agentId)])];
  const busyOf = new Map<string, { start: number; end: number }[]>();
  for (const booking of bookings) {
    const list = busyOf.get(booking.agentId) ?? [];
    list.push({ start: booking.startsAt.getTime(), end: booking.endsAt.getTime() });
    busyOf.set(booking.agentId, list);
  }
  const result: AgentSlot[] = [];
  const now = query.now.getTime();
  const horizon = query.horizonEnd.getTime();
  for (let index = 0; index < query.days; index += 1) {
    const day = addDays(query.from, index);
    const clock = brusselsDayClock(day);
    const dayStart = clock(0).getTime();
    const dayEnd = brusselsDayClock(addDays(day, 1))(0).getTime();
    for (const agentId of agents) {
      const dayExceptions = exceptions.filter((exception) => exception.agentId === agentId && exception.day === day);
      const candidates = [
        ...patterns.filter((pattern) => pattern.agentId === agentId && patternApplies(pattern, day)).flatMap((pattern) => cutSpan(clock, pattern.startTime, pattern.endTime, pattern.slotMinutes)),
        ...dayExceptions
          .filter((exception) => exception.kind === 'extra' && exception.startTime && exception.endTime && exception.slotMinutes)
          .flatMap((exception) => cutSpan(clock, exception.startTime as string, exception.endTime as string, exception.slotMinutes as number)),
      ];
      if (candidates.length === 0) continue;
      const blocked = dayExceptions
        .filter((exception) => exception.kind === 'unavailable')
        .map((exception) =>
          exception.startTime && exception.endTime
            ? { start: clock(minutesOfTime(exception.startTime)).getTime(), end: clock(minutesOfTime(exception.endTime)).getTime() }
            : { start: dayStart, end: dayEnd },
        );
      // Bookings touching this day only (a slot of the day can overlap nothing else).
      const busy = (busyOf.get(agentId) ?? []).filter((span) => span.start < dayEnd + DAY_SLACK_MS && span.end > dayStart - DAY_SLACK_MS);
      // Kept slots in order of start: a new one overlaps one of them exactly when it starts before the latest end kept.
      let keptUntil = Number.NEGATIVE_INFINITY;
      for (const slot of candidates.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())) {
        const start = slot.startsAt.getTime();
        const end = slot.endsAt.getTime();
        if (start <= now || start >= horizon) continue;
        // Two spans giving the same or overlapping slots: the agent can hold only one of them at a time.
        if (start < keptUntil) continue;
        if (blocked.some((span) => overlaps(start, end, span.start, span.end))) continue;
        if (busy.some((span) => overlaps(start, end, span.start, span.end))) continue;
        keptUntil = Math.max(keptUntil, end);
        result.push({ agentId, day, startsAt: slot.startsAt, endsAt: slot.endsAt });
      }
    }
  }
  return result;
}

/** The slots per day as the citizens' page lists them: one entry per start (and end), with how many agents are free then. */
export function groupSlotsByDay(query: Pick<SlotQuery, 'from' | 'days'>, slots: readonly AgentSlot[]): SlotDay[] {
  const days: SlotDay[] = [];
  for (let index = 0; index < query.days; index += 1) {
    const date = addDays(query.from, index);
    const byStart = new Map<string, SlotDay['slots'][number]>();
    for (const slot of slots.filter((candidate) => candidate.day === date)) {
      const key = `${slot.startsAt.getTime()}-${slot.endsAt.getTime()}`;
      const entry = byStart.get(key) ?? { startsAt: slot.startsAt, endsAt: slot.endsAt, free: 0, agentIds: [] };
      entry.free += 1;
      entry.agentIds.push(slot.agentId);
      byStart.set(key, entry);
    }
    days.push({ date, slots: [...byStart.values()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.endsAt.getTime() - b.endsAt.getTime()) });
  }
  return days;
}

/** Whether two local spans of one day overlap (patterns of one agent on one weekday must not). */
export function timeSpansOverlap(a: { startTime: string; endTime: string }, b: { startTime: string; endTime: string }): boolean {
  return overlaps(minutesOfTime(a.startTime), minutesOfTime(a.endTime), minutesOfTime(b.startTime), minutesOfTime(b.endTime));
}

/** Whether two validity periods (inclusive dates, open-ended when null) share a day. */
export function validityOverlaps(a: { validFrom: string; validUntil: string | null }, b: { validFrom: string; validUntil: string | null }): boolean {
  return (a.validUntil === null || b.validFrom <= a.validUntil) && (b.validUntil === null || a.validFrom <= b.validUntil);
}
