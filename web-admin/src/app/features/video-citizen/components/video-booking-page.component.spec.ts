import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { VIDEO_CLOCK } from '../../video/shared/slot-picker.component';
import { configureVideoTest } from '../../video/shared/video-testing';
import { VideoBookingPageComponent } from './video-booking-page.component';

const SLOTS = {
  timeZone: 'Europe/Brussels',
  days: [{ date: '2026-11-25', slots: [{ startsAt: '2026-11-25T09:00:00Z', endsAt: '2026-11-25T09:30:00Z', free: 2 }] }],
};

describe(VideoBookingPageComponent.name, () => {
  let fixture: ComponentFixture<VideoBookingPageComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;

  beforeEach(async () => {
    http = configureVideoTest(VideoBookingPageComponent, [{ provide: VIDEO_CLOCK, useValue: () => Date.parse('2026-11-24T14:00:00Z') }]);
    fixture = TestBed.createComponent(VideoBookingPageComponent);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http.expectOne((r) => r.url === '/api/video/slots').flush(SLOTS);
    await fixture.whenStable();
  });

  afterEach(() => {
    http.verify();
    document.cookie = 'XSRF-TOKEN=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
  });

  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => element.querySelector<T>(`[data-testid="${id}"]`);

  function fill(id: string, value: string): void {
    const input = byTestId<HTMLInputElement>(id) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function pickAndFill(): Promise<void> {
    byTestId('slot')?.click();
    await fixture.whenStable();
    expect(byTestId('chosen-slot')?.textContent).toContain('Wednesday, 25 November 2026, 10:00');
    fill('book-given-names', ' Amina ');
    fill('book-surname', 'El Idrissi');
    fill('book-email', 'Amina@Example.be');
    byTestId('book-submit')?.click();
    await fixture.whenStable();
    http.expectOne('/api/citizen/csrf').flush(null, { status: 204, statusText: 'No Content' });
  }

  it('explains the four steps and the eIDAS exception, books the picked slot and shows the security code once', async () => {
    expect(Array.from(element.querySelectorAll('.how-steps li'))).toHaveLength(4);
    expect(element.textContent).toContain('eIDAS');

    await pickAndFill();
    const book = http.expectOne('/api/video/appointments');
    expect(book.request.body).toEqual({
      startsAt: '2026-11-25T09:00:00Z',
      givenNames: 'Amina',
      surname: 'El Idrissi',
      email: 'amina@example.be',
      language: 'en',
    });
    book.flush(
      { reference: 'V-2026-000042', startsAt: '2026-11-25T09:00:00Z', endsAt: '2026-11-25T09:30:00Z', securityCode: 'K7PX-3M9Q', confirmBy: null },
      { status: 201, statusText: 'Created' },
    );
    await fixture.whenStable();

    expect(byTestId('security-code')?.textContent?.trim()).toBe('K7PX-3M9Q');
    expect(byTestId('booking-reference')?.textContent?.trim()).toBe('V-2026-000042');
    expect(element.textContent).toContain('it is shown only once');
  });

  it('goes back to fresh slots when the slot was just taken', async () => {
    await pickAndFill();
    http
      .expectOne('/api/video/appointments')
      .flush({ statusCode: 409, code: 'video.slot_taken', message: 'This time was just booked by someone else.' }, { status: 409, statusText: 'Conflict' });
    await fixture.whenStable();
    expect(element.querySelector('[role="alert"]')?.textContent?.trim()).toBe('This time was just booked by someone else.');
    http.expectOne((r) => r.url === '/api/video/slots').flush({ timeZone: 'Europe/Brussels', days: [] });
    await fixture.whenStable();
    expect(byTestId('security-code')).toBeNull();
    expect(byTestId('slot')).toBeNull();
  });
});
