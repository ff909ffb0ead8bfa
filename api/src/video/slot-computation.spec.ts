import { computeAgentSlots, groupSlotsByDay, PatternInput, timeSpansOverlap, validityOverlaps } from './slot-computation';

const A = 'agent-a';
const B = 'agent-b';
const pattern = (overrides: Partial<PatternInput> = {}): PatternInput => ({
  agentId: A,
  weekday: 1,
  startTime: '09:00:00',
  endTime: '10:00:00',
  slotMinutes: 20,
  validFrom: '2026-01-01',
  validUntil: null,
  ...overrides,
});
const iso = (dates: { startsAt: Date }[]) => dates.map((slot) => slot.startsAt.toISOString());
const FAR = new Date('2030-01-01T00:00:00Z');

describe('computeAgentSlots', () => {
  // Monday 2026-11-23 (winter: +01:00).
  const query = { from: '2026-11-23', days: 1, now: new Date('2026-11-20T00:00:00Z'), horizonEnd: FAR };

  it('cuts a pattern into slots in local time', () => {
    const slots = computeAgentSlots(query, [pattern()], [], []);
    expect(iso(slots)).toEqual(['2026-11-23T08:00:00.000Z', '2026-11-23T08:20:00.000Z', '2026-11-23T08:40:00.000Z']);
    expect(slots[0]!.endsAt.toISOString()).toBe('2026-11-23T08:20:00.000Z');
    // A span that does not fill the last slot drops it.
    expect(computeAgentSlots(query, [pattern({ endTime: '09:50:00' })], [], [])).toHaveLength(2);
  });

  it('applies weekday and validity', () => {
    expect(computeAgentSlots(query, [pattern({ weekday: 2 })], [], [])).toEqual([]);
    expect(computeAgentSlots(query, [pattern({ validFrom: '2026-11-24' })], [], [])).toEqual([]);
    expect(computeAgentSlots(query, [pattern({ validUntil: '2026-11-22' })], [], [])).toEqual([]);
    expect(computeAgentSlots(query, [pattern({ validFrom: '2026-11-23', validUntil: '2026-11-23' })], [], [])).toHaveLength(3);
  });

  it('removes a whole unavailable day, an unavailable span, and adds extra spans', () => {
    expect(computeAgentSlots(query, [pattern()], [{ agentId: A, day: '2026-11-23', kind: 'unavailable', startTime: null, endTime: null, slotMinutes: null }], [])).toEqual([]);
    const span = computeAgentSlots(query, [pattern()], [{ agentId: A, day: '2026-11-23', kind: 'unavailable', startTime: '09:10:00', endTime: '09:30:00', slotMinutes: null }], []);
    expect(iso(span)).toEqual(['2026-11-23T08:40:00.000Z']);
    // Another agent's exception changes nothing.
    expect(computeAgentSlots(query, [pattern()], [{ agentId: B, day: '2026-11-23', kind: 'unavailable', startTime: null, endTime: null, slotMinutes: null }], [])).toHaveLength(3);
    const extra = computeAgentSlots(query, [], [{ agentId: B, day: '2026-11-23', kind: 'extra', startTime: '14:00:00', endTime: '15:00:00', slotMinutes: 30 }], []);
    expect(iso(extra)).toEqual(['2026-11-23T13:00:00.000Z', '2026-11-23T13:30:00.000Z']);
  });

  it('removes slots of live bookings of the same agent only', () => {
    const booking = { agentId: A, startsAt: new Date('2026-11-23T08:20:00Z'), endsAt: new Date('2026-11-23T08:40:00Z') };
    expect(iso(computeAgentSlots(query, [pattern()], [], [booking]))).toEqual(['2026-11-23T08:00:00.000Z', '2026-11-23T08:40:00.000Z']);
    expect(computeAgentSlots(query, [pattern()], [], [{ ...booking, agentId: B }])).toHaveLength(3);
    // A booking straddling two slots (another slot length) takes both.
    const straddling = { agentId: A, startsAt: new Date('2026-11-23T08:10:00Z'), endsAt: new Date('2026-11-23T08:30:00Z') };
    expect(iso(computeAgentSlots(query, [pattern()], [], [straddling]))).toEqual(['2026-11-23T08:40:00.000Z']);
  });

  it('offers only slots strictly in the future and before the horizon', () => {
    const now = new Date('2026-11-23T08:20:00Z');
    expect(iso(computeAgentSlots({ ...query, now }, [pattern()], [], []))).toEqual(['2026-11-23T08:40:00.000Z']);
    expect(iso(computeAgentSlots({ ...query, horizonEnd: new Date('2026-11-23T08:20:00Z') }, [pattern()], [], []))).toEqual(['2026-11-23T08:00:00.000Z']);
  });

  it('follows the DST days: 2026-03-29 (spring) and 2026-10-25 (autumn) are Sundays', () => {
    const sunday = pattern({ weekday: 7, startTime: '09:00:00', endTime: '09:40:00' });
    const spring = computeAgentSlots({ from: '2026-03-28', days: 3, now: new Date('2026-03-01T00:00:00Z'), horizonEnd: FAR }, [sunday, pattern({ weekday: 6, startTime: '09:00', endTime: '09:20' })], [], []);
    expect(iso(spring)).toEqual(['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z', '2026-03-29T07:20:00.000Z']);
    const autumn = computeAgentSlots({ from: '2026-10-24', days: 2, now: new Date('2026-10-01T00:00:00Z'), horizonEnd: FAR }, [sunday, pattern({ weekday: 6, startTime: '09:00', endTime: '09:20' })], [], []);
    expect(iso(autumn)).toEqual(['2026-10-24T07:00:00.000Z', '2026-10-25T08:00:00.000Z', '2026-10-25T08:20:00.000Z']);
    // The night of the spring change: 02:00 does not exist, it is 03:00 — one slot, offered once.
    const night = computeAgentSlots({ from: '2026-03-29', days: 1, now: new Date('2026-03-01T00:00:00Z'), horizonEnd: FAR }, [pattern({ weekday: 7, startTime: '01:00', endTime: '04:00', slotMinutes: 60 })], [], []);
    expect(iso(night)).toEqual(['2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z']);
  });

  it('counts free agents per start', () => {
    const slots = computeAgentSlots(query, [pattern(), pattern({ agentId: B, startTime: '09:20', endTime: '10:00' })], [], []);
    const [day] = groupSlotsByDay(query, slots);
    expect(day!.date).toBe('2026-11-23');
    expect(day!.slots.map((slot) => [slot.startsAt.toISOString(), slot.free])).toEqual([
      ['2026-11-23T08:00:00.000Z', 1],
      ['2026-11-23T08:20:00.000Z', 2],
      ['2026-11-23T08:40:00.000Z', 2],
    ]);
    expect(groupSlotsByDay({ from: '2026-11-24', days: 2 }, slots)).toEqual([
      { date: '2026-11-24', slots: [] },
      { date: '2026-11-25', slots: [] },
    ]);
  });
});

describe('overlap helpers', () => {
  it('compare local spans and validity periods', () => {
    expect(timeSpansOverlap({ startTime: '09:00', endTime: '12:00' }, { startTime: '11:00', endTime: '13:00' })).toBe(true);
    expect(timeSpansOverlap({ startTime: '09:00', endTime: '12:00' }, { startTime: '12:00', endTime: '13:00' })).toBe(false);
    expect(validityOverlaps({ validFrom: '2026-01-01', validUntil: '2026-01-31' }, { validFrom: '2026-02-01', validUntil: null })).toBe(false);
    expect(validityOverlaps({ validFrom: '2026-01-01', validUntil: null }, { validFrom: '2027-02-01', validUntil: null })).toBe(true);
  });
});
