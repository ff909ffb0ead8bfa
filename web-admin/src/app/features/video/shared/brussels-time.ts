import { Slot, SlotDay } from './video.models';

/** Appointments are published, booked and shown in Belgian time, wherever the browser is. */
export const BRUSSELS = 'Europe/Brussels';

const DATE_PARTS = new Intl.DateTimeFormat('en-CA', { timeZone: BRUSSELS, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Europe/Brussels calendar day (YYYY-MM-DD) of an instant. */
export function brusselsDate(instant: string | number | Date): string {
  const parts = DATE_PARTS.formatToParts(new Date(instant));
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** `date` (YYYY-MM-DD) plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** The Monday (YYYY-MM-DD) of the week holding `date`. */
export function mondayOf(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a YYYY-MM-DD date. */
export function isoWeekday(date: string): number {
  const [year, month, day] = date.split('-').map(Number);
  return ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;
}

/** "14:30" in Belgian time, in the locale's hour style. */
export function brusselsTime(instant: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: BRUSSELS, hour: '2-digit', minute: '2-digit' }).format(new Date(instant));
}

/** "Tuesday 24 November 2026" for a calendar day (no time zone shift: the day is the day). */
export function longDay(date: string, locale: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(Date.UTC(year, month - 1, day, 12)),
  );
}

/** "Tuesday 24 November 2026, 14:30" for an instant, in Belgian time. */
export function brusselsDateTime(instant: string, locale: string): string {
  return `${longDay(brusselsDate(instant), locale)}, ${brusselsTime(instant, locale)}`;
}

/**
 * The `count` days from `from`, each with the free slots that start on that day in Belgian time,
 * in order. Slots are regrouped by their own start instant rather than trusted to the day they came
 * under, so a slot just after midnight (or on a DST day) is shown on its Belgian day.
 */
export function groupSlotsByDay(days: readonly SlotDay[], from: string, count: number): SlotDay[] {
  const byDay = new Map<string, Slot[]>();
  for (let i = 0; i < count; i++) {
    byDay.set(addDays(from, i), []);
  }
  for (const slot of days.flatMap((day) => day.slots)) {
    if (slot.free > 0) {
      byDay.get(brusselsDate(slot.startsAt))?.push(slot);
    }
  }
  return [...byDay].map(([date, slots]) => ({ date, slots: [...slots].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt)) }));
}
