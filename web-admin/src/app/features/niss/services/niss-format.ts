/** An age as an operator reads it: "45 min", "3 h", "2 d" (the unit's translation key and its number). */
export function ageParts(minutes: number): { key: string; n: number } {
  const m = Math.max(0, Math.floor(minutes));
  if (m < 60) return { key: 'niss.age.minutes', n: m };
  if (m < 48 * 60) return { key: 'niss.age.hours', n: Math.floor(m / 60) };
  return { key: 'niss.age.days', n: Math.floor(m / (24 * 60)) };
}

/** Minutes since an ISO time, at `now`. */
export function minutesSince(iso: string, now: number = Date.now()): number {
  return Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60_000));
}

const fold = (value: string | null | undefined) =>
  (value ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\s-]+/g, ' ')
    .trim()
    .toUpperCase();

/** Whether two identity values differ once case, accents and spacing are ignored (both empty: same). */
export function differs(a: string | null | undefined, b: string | null | undefined): boolean {
  return fold(a) !== fold(b);
}
