import { BELGIAN_TIME_ZONE } from '@sesame/i18n';

/**
 * Local wall-clock times of Belgium (Europe/Brussels) turned into instants and back, by the rules of
 * the day (CET +01:00 in winter, CEST +02:00 from the last Sunday of March 02:00 to the last Sunday
 * of October 03:00). Agents publish availability in local time; slots and bookings are instants.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: BELGIAN_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Offset of Brussels from UTC at `instantMs`, in minutes (60 or 120). */
export function brusselsOffsetMinutes(instantMs: number): number {
  const parts = partsFormat.formatToParts(new Date(instantMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((part) => part.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(instantMs / 1000) * 1000) / MINUTE_MS);
}

/** Minutes since midnight of a `HH:MM` or `HH:MM:SS` time. */
export function minutesOfTime(time: string): number {
  const match = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (!match) throw new RangeError(`not a time: ${time}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** `HH:MM` of minutes since midnight. */
export function timeOfMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The instant at which Brussels clocks show `minutes` after midnight on `day` (YYYY-MM-DD). A time
 * that does not exist (the spring gap, 02:00–02:59 on the last Sunday of March) is read with the
 * winter offset, i.e. one hour later on the clock; an ambiguous one (the autumn repeat, 02:00–02:59
 * on the last Sunday of October) is the first of the two.
 */
export function brusselsInstant(day: string, minutes: number): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(year, month - 1, date) + minutes * MINUTE_MS;
  // Try the offset in force a few hours before, then after: the first that maps back to the wall time wins.
  const before = brusselsOffsetMinutes(wall - 3 * 60 * MINUTE_MS);
  const after = brusselsOffsetMinutes(wall + 3 * 60 * MINUTE_MS);
  for (const offset of [Math.max(before, after), Math.min(before, after)]) {
    const candidate = wall - offset * MINUTE_MS;
    if (brusselsOffsetMinutes(candidate) === offset) return new Date(candidate);
  }
  return new Date(wall - before * MINUTE_MS);
}

/**
 * `brusselsInstant` for many times of one day: the offset is looked up once when the day has no
 * clock change (every day but two a year), else each time falls back to `brusselsInstant`.
 */
export function brusselsDayClock(day: string): (minutes: number) => Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const midnight = Date.UTC(year, month - 1, date);
  const startOffset = brusselsOffsetMinutes(brusselsInstant(day, 0).getTime());
  const endOffset = brusselsOffsetMinutes(brusselsInstant(day, 24 * 60 - 1).getTime());
  if (startOffset !== endOffset) return (minutes) => brusselsInstant(day, minutes);
  return (minutes) => new Date(midnight + (minutes - startOffset) * MINUTE_MS);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
export function isoWeekday(day: string): number {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(year, month - 1, date)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** The calendar date `days` after `day`. */
export function addDays(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date) + days * DAY_MS).toISOString().slice(0, 10);
}
