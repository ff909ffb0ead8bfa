import { formatLongDate } from './dates';

describe(formatLongDate.name, () => {
  // 22:30 UTC on 14 June is already 15 June in Brussels (summer time, UTC+2).
  const lateEvening = new Date('2026-06-14T22:30:00Z');

  it.each([
    ['fr', '15 juin 2026'],
    ['nl', '15 juni 2026'],
    ['de', '15. Juni 2026'],
    ['en', '15 June 2026'],
  ] as const)('writes the date in %s', (language, expected) => {
    expect(formatLongDate(lateEvening, language)).toBe(expected);
  });

  it('follows Brussels time across the year, not the server clock', () => {
    // Winter time (UTC+1): 23:30 UTC on 31 December is New Year's Day in Brussels.
    expect(formatLongDate(new Date('2026-12-31T23:30:00Z'), 'fr')).toBe('1 janvier 2027');
    // 22:30 UTC on 14 January is still 14 January (23:30 in Brussels).
    expect(formatLongDate(new Date('2026-01-14T22:30:00Z'), 'nl')).toBe('14 januari 2026');
  });
});
