import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { addDays, brusselsDate, groupSlotsByDay } from './brussels-time';
import { SlotPickerComponent, VIDEO_CLOCK } from './slot-picker.component';
import { Slot } from './video.models';
import { configureVideoTest } from './video-testing';

// Friday 27 March 2026, 11:00 in Brussels; summer time starts on Sunday 29 March (02:00 → 03:00).
const NOW = Date.parse('2026-03-27T10:00:00Z');

describe('groupSlotsByDay', () => {
  it('puts each slot under its Belgian calendar day, across midnight and the DST change', () => {
    const days = groupSlotsByDay(
      [
        // Listed by the API under the UTC day, but 00:30 on the 29th in Brussels (UTC+1).
        { date: '2026-03-28', slots: [{ startsAt: '2026-03-28T23:30:00Z', endsAt: '2026-03-29T00:00:00Z', free: 1 }] },
        {
          date: '2026-03-29',
          slots: [
            { startsAt: '2026-03-29T07:00:00Z', endsAt: '2026-03-29T07:30:00Z', free: 2 }, // 09:00 summer time
            { startsAt: '2026-03-29T06:30:00Z', endsAt: '2026-03-29T07:00:00Z', free: 0 }, // full: not offered
          ],
        },
        { date: '2026-03-27', slots: [{ startsAt: '2026-03-27T13:00:00Z', endsAt: '2026-03-27T13:30:00Z', free: 1 }] },
      ],
      '2026-03-27',
      3,
    );

    expect(days.map((day) => [day.date, day.slots.map((slot) => slot.startsAt)])).toEqual([
      ['2026-03-27', ['2026-03-27T13:00:00Z']],
      ['2026-03-28', []],
      ['2026-03-29', ['2026-03-28T23:30:00Z', '2026-03-29T07:00:00Z']],
    ]);
  });

  it('knows the Belgian day of an instant and counts calendar days', () => {
    expect(brusselsDate('2026-10-24T22:30:00Z')).toBe('2026-10-25'); // 00:30 summer time
    expect(brusselsDate('2026-10-25T22:30:00Z')).toBe('2026-10-25'); // 23:30 winter time
    expect(addDays('2026-12-29', 7)).toBe('2027-01-05');
  });
});

describe(SlotPickerComponent.name, () => {
  let fixture: ComponentFixture<SlotPickerComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;

  beforeEach(async () => {
    http = configureVideoTest(SlotPickerComponent, [{ provide: VIDEO_CLOCK, useValue: () => NOW }]);
    fixture = TestBed.createComponent(SlotPickerComponent);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  function dayTexts(): string[] {
    const text = (node: Element) => (node.textContent ?? '').replace(/\s+/g, ' ').trim();
    return Array.from(element.querySelectorAll('[data-testid="slot-day"]')).map((day) =>
      [text(day.querySelector('h3') as Element), ...Array.from(day.querySelectorAll('button, p')).map(text)].join(' | '),
    );
  }

  it('shows the week from today per Belgian day with the times in Belgian time, and emits the slot picked', async () => {
    const request = http.expectOne((r) => r.url === '/api/video/slots');
    expect(request.request.params.get('from')).toBe('2026-03-27');
    expect(request.request.params.get('days')).toBe('7');
    request.flush({
      timeZone: 'Europe/Brussels',
      days: [
        { date: '2026-03-27', slots: [{ startsAt: '2026-03-27T13:00:00Z', endsAt: '2026-03-27T13:30:00Z', free: 1 }] },
        { date: '2026-03-28', slots: [{ startsAt: '2026-03-28T23:30:00Z', endsAt: '2026-03-29T00:00:00Z', free: 1 }] },
        { date: '2026-03-29', slots: [{ startsAt: '2026-03-29T07:00:00Z', endsAt: '2026-03-29T07:30:00Z', free: 3 }] },
      ],
    });
    await fixture.whenStable();

    const days = dayTexts();
    expect(days).toHaveLength(7);
    expect(days[0]).toBe('Friday, 27 March 2026 | 14:00');
    expect(days[1]).toBe('Saturday, 28 March 2026 | No free time this day.');
    expect(days[2]).toBe('Sunday, 29 March 2026 | 00:30 | 09:00');

    const picked: Slot[] = [];
    fixture.componentInstance.picked.subscribe((slot) => picked.push(slot));
    const nine = element.querySelector<HTMLButtonElement>('[data-testid="slot"][data-starts-at="2026-03-29T07:00:00Z"]');
    expect(nine?.getAttribute('aria-label')).toBe('Sunday, 29 March 2026 at 09:00');
    nine?.click();
    expect(picked).toEqual([{ startsAt: '2026-03-29T07:00:00Z', endsAt: '2026-03-29T07:30:00Z', free: 3 }]);
  });

  it('pages by week, two weeks ahead at most', async () => {
    http.expectOne((r) => r.url === '/api/video/slots').flush({ timeZone: 'Europe/Brussels', days: [] });
    await fixture.whenStable();
    const next = element.querySelector<HTMLButtonElement>('[data-testid="next-week"]');
    const previous = element.querySelector<HTMLButtonElement>('[data-testid="previous-week"]');
    expect(previous?.disabled).toBe(true);

    next?.click();
    const second = http.expectOne((r) => r.url === '/api/video/slots');
    expect(second.request.params.get('from')).toBe('2026-04-03');
    second.flush({ timeZone: 'Europe/Brussels', days: [] });
    await fixture.whenStable();

    expect(dayTexts()[0]).toBe('Friday, 3 April 2026 | No free time this day.');
    expect(next?.disabled).toBe(true);
    expect(previous?.disabled).toBe(false);
  });
});
