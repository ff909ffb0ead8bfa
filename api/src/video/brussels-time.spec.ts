import { addDays, brusselsDayClock, brusselsInstant, brusselsOffsetMinutes, isoWeekday, minutesOfTime, timeOfMinutes } from './brussels-time';

describe('brussels-time', () => {
  it('reads winter and summer local times with +01:00 and +02:00', () => {
    expect(brusselsInstant('2026-01-15', 9 * 60).toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(brusselsInstant('2026-07-15', 9 * 60).toISOString()).toBe('2026-07-15T07:00:00.000Z');
    expect(brusselsInstant('2026-12-31', 23 * 60 + 30).toISOString()).toBe('2026-12-31T22:30:00.000Z');
  });

  it('follows the spring change on 2026-03-29 (02:00 → 03:00)', () => {
    expect(brusselsInstant('2026-03-29', 60).toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(brusselsInstant('2026-03-29', 3 * 60).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(brusselsInstant('2026-03-29', 9 * 60).toISOString()).toBe('2026-03-29T07:00:00.000Z');
    // 02:30 does not exist that night: read as the winter clock, i.e. 03:30 summer time.
    expect(brusselsInstant('2026-03-29', 2 * 60 + 30).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // The day has 23 hours.
    expect(brusselsInstant('2026-03-30', 0).getTime() - brusselsInstant('2026-03-29', 0).getTime()).toBe(23 * 3_600_000);
  });

  it('follows the autumn change on 2026-10-25 (03:00 → 02:00)', () => {
    expect(brusselsInstant('2026-10-25', 60).toISOString()).toBe('2026-10-24T23:00:00.000Z');
    // 02:30 happens twice: the first (summer time) is taken.
    expect(brusselsInstant('2026-10-25', 2 * 60 + 30).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(brusselsInstant('2026-10-25', 3 * 60).toISOString()).toBe('2026-10-25T02:00:00.000Z');
    expect(brusselsInstant('2026-10-25', 9 * 60).toISOString()).toBe('2026-10-25T08:00:00.000Z');
    expect(brusselsInstant('2026-10-26', 0).getTime() - brusselsInstant('2026-10-25', 0).getTime()).toBe(25 * 3_600_000);
  });

  it('knows the offset on each side of the changes', () => {
    expect(brusselsOffsetMinutes(Date.parse('2026-03-29T00:59:59Z'))).toBe(60);
    expect(brusselsOffsetMinutes(Date.parse('2026-03-29T01:00:00Z'))).toBe(120);
    expect(brusselsOffsetMinutes(Date.parse('2026-10-25T00:59:59Z'))).toBe(120);
    expect(brusselsOffsetMinutes(Date.parse('2026-10-25T01:00:00Z'))).toBe(60);
  });

  it('has calendar helpers', () => {
    expect(isoWeekday('2026-11-23')).toBe(1);
    expect(isoWeekday('2026-11-29')).toBe(7);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(minutesOfTime('09:30:00')).toBe(570);
    expect(minutesOfTime('09:30')).toBe(570);
    expect(timeOfMinutes(570)).toBe('09:30');
    expect(() => minutesOfTime('9h30')).toThrow(RangeError);
  });

  it('gives, with one offset per day, the same instants as brusselsInstant on every day of 2026 and 2027 (both clock changes included)', () => {
    const mismatches: string[] = [];
    for (let index = 0; index < 730; index += 1) {
      const day = addDays('2026-01-01', index);
      const clock = brusselsDayClock(day);
      for (const minutes of [0, 59, 60, 119, 120, 150, 179, 180, 181, 540, 720, 1439]) {
        if (clock(minutes).getTime() !== brusselsInstant(day, minutes).getTime()) mismatches.push(`${day} ${minutes}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
