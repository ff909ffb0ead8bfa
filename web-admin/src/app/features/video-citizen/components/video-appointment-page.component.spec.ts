import { HttpEventType } from '@angular/common/http';
import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap } from '@angular/router';
import { aCitizenAppointment, configureVideoTest, settle } from '../../video/shared/video-testing';
import { CitizenAppointmentView } from '../../video/shared/video.models';
import { VIDEO_COPY_POLL_MS } from '../services/citizen-appointment.store';
import { VideoAppointmentPageComponent } from './video-appointment-page.component';

describe(VideoAppointmentPageComponent.name, () => {
  let fixture: ComponentFixture<VideoAppointmentPageComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;

  async function open(token: string | null, session: CitizenAppointmentView | null): Promise<void> {
    http = configureVideoTest(VideoAppointmentPageComponent, [
      { provide: ActivatedRoute, useValue: { snapshot: { queryParamMap: convertToParamMap(token ? { t: token } : {}) } } },
      { provide: VIDEO_COPY_POLL_MS, useValue: 1 },
    ]);
    fixture = TestBed.createComponent(VideoAppointmentPageComponent);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    const probe = http.expectOne('/api/video/access/appointment');
    if (session) {
      probe.flush(session);
    } else {
      probe.flush({ statusCode: 401, code: 'video.access.required', message: 'x' }, { status: 401, statusText: 'Unauthorized' });
    }
    await fixture.whenStable();
  }

  const byTestId = (id: string) => element.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const textOf = (id: string) => byTestId(id)?.textContent?.replace(/\s+/g, ' ').trim() ?? null;

  async function enterCode(code: string): Promise<TestRequest> {
    const input = byTestId('security-code-input') as HTMLInputElement;
    input.value = code;
    input.dispatchEvent(new Event('input'));
    byTestId('access-submit')?.click();
    await fixture.whenStable();
    return http.expectOne('/api/video/access');
  }

  /** The API answers the CSRF cookie request: the browser now holds an (anonymous) XSRF-TOKEN. */
  function csrf(): void {
    http.expectOne('/api/citizen/csrf').flush(null, { status: 204, statusText: 'No Content' });
    document.cookie = 'XSRF-TOKEN=anonymous; path=/';
  }

  function choose(files: File[]): void {
    const input = byTestId('id-copy-input') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: files, configurable: true });
    input.dispatchEvent(new Event('change'));
  }

  afterEach(() => {
    http.verify();
    document.cookie = 'XSRF-TOKEN=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
  });

  it("asks the code and shows the API's refusals: wrong code with the attempts left, then locked", async () => {
    await open('link-token', null);
    expect(byTestId('security-code-input')).not.toBeNull();

    const wrongCode = enterCode(' k7px-3m9q ');
    csrf();
    const first = await wrongCode;
    expect(first.request.body).toEqual({ token: 'link-token', securityCode: 'K7PX-3M9Q' });
    first.flush(
      { statusCode: 403, code: 'video.access.wrong_code', message: 'Wrong security code: 2 attempts left.', attemptsLeft: 2 },
      { status: 403, statusText: 'Forbidden' },
    );
    await fixture.whenStable();
    expect(textOf('access-error')).toBe('Wrong security code: 2 attempts left.');
    expect(byTestId('security-code-input')).not.toBeNull();

    (await enterCode('AAAA-BBBB')).flush(
      { statusCode: 423, code: 'video.access.locked', message: 'This appointment is locked.' },
      { status: 423, statusText: 'Locked' },
    );
    await fixture.whenStable();
    expect(textOf('access-error')).toBe('This appointment is locked.');
    expect(byTestId('security-code-input')).toBeNull();
  });

  it('says the link is invalid (and counts attempts in its own words when the API gives no message)', async () => {
    await open('link-token', null);
    const wrongCode = enterCode('AAAA-BBBB');
    csrf();
    (await wrongCode).flush({ statusCode: 403, code: 'video.access.wrong_code', message: '', attemptsLeft: 1 }, { status: 403, statusText: 'Forbidden' });
    await fixture.whenStable();
    expect(textOf('access-error')).toBe('The security code is not correct. Attempts left: 1.');

    (await enterCode('AAAA-BBBB')).flush(
      { statusCode: 404, code: 'video.access.invalid_link', message: 'This link is not valid.' },
      { status: 404, statusText: 'Not Found' },
    );
    await fixture.whenStable();
    expect(textOf('access-error')).toBe('This link is not valid.');
    expect(byTestId('security-code-input')).toBeNull();
  });

  it('uploads the copy with progress, polls while it is checked, shows the refusal problems and takes another upload', async () => {
    await open('link-token', null);
    const access = enterCode('K7PX-3M9Q');
    csrf();
    (await access).flush(aCitizenAppointment());
    await fixture.whenStable();
    expect(textOf('appointment-state')).toBe('To be confirmed');
    expect(textOf('appointment-reference')).toBe('V-2026-000042');

    const front = new File(['front'], 'front.jpg', { type: 'image/jpeg' });
    const back = new File(['back'], 'back.png', { type: 'image/png' });
    choose([front, back]);
    const upload = http.expectOne('/api/video/access/id-copy');
    expect((upload.request.body as FormData).getAll('files')).toHaveLength(2);
    upload.event({ type: HttpEventType.UploadProgress, loaded: 40, total: 100 });
    await fixture.whenStable();
    expect(element.textContent).toContain('Sending… 40 %');

    upload.flush(aCitizenAppointment({ copy: { status: 'checking', problems: [], pageCount: 2 } }), { status: 202, statusText: 'Accepted' });
    await fixture.whenStable();
    expect(byTestId('copy-checking')).not.toBeNull();
    expect(byTestId('id-copy-input')).toBeNull();

    await settle();
    http.expectOne('/api/video/access/appointment').flush(aCitizenAppointment({ copy: { status: 'checking', problems: [], pageCount: 2 } }));
    await settle();
    http
      .expectOne('/api/video/access/appointment')
      .flush(aCitizenAppointment({ copy: { status: 'refused', problems: ['video.copy.greyscale', 'video.copy.blurred'], pageCount: 2 } }));
    await settle();
    await fixture.whenStable();
    http.expectNone('/api/video/access/appointment');

    const problems = Array.from(element.querySelectorAll('[data-testid="copy-problem"]')).map((li) => li.textContent?.trim());
    expect(problems).toEqual(['The copy is in black and white: we need a colour copy.', 'The image is blurred: hold still and focus.']);
    expect((byTestId('id-copy-input') as HTMLInputElement).disabled).toBe(false);

    choose([new File(['x'], 'notes.txt', { type: 'text/plain' })]);
    await fixture.whenStable();
    expect(textOf('upload-error')).toBe('Only JPEG, PNG or PDF files are accepted.');
    http.expectNone('/api/video/access/id-copy');
  });

  it('shows the activation code of an approved interview and the way into a confirmed one', async () => {
    await open(null, aCitizenAppointment({ state: 'approved', activationCode: 'AB12C-DE34F-GH56J-KL78M', canCancel: false, canRebook: false }));
    expect(textOf('activation-code')).toBe('AB12C-DE34F-GH56J-KL78M');
    expect(textOf('appointment-state')).toBe('Approved');
    expect(byTestId('cancel-appointment')).toBeNull();
    expect(byTestId('join-button')).toBeNull();
  });

  it('offers to join a confirmed appointment once the waiting room is open', async () => {
    await open(null, aCitizenAppointment({ state: 'confirmed', copy: { status: 'accepted', problems: [], pageCount: 2 }, canJoin: true }));
    expect(byTestId('join-button')?.getAttribute('href')).toBe('/video/appointment/call');
    expect(byTestId('id-copy-input')).toBeNull();
  });

  it('cancels a reopened appointment with the XSRF token bound to its session, without fetching another', async () => {
    document.cookie = 'XSRF-TOKEN=bound-to-the-appointment; path=/';
    await open(null, aCitizenAppointment({ state: 'confirmed', copy: { status: 'accepted', problems: [], pageCount: 2 } }));

    byTestId('cancel-appointment')?.click();
    await fixture.whenStable();
    const confirm = Array.from(document.querySelectorAll<HTMLButtonElement>('mat-dialog-actions button')).find(
      (button) => button.textContent?.trim() === 'Yes, cancel it',
    );
    expect(confirm).toBeDefined();
    confirm?.click();
    await settle(50);
    await fixture.whenStable();

    http.expectNone('/api/citizen/csrf');
    const cancel = http.expectOne('/api/video/access/cancel');
    expect(cancel.request.headers.get('X-XSRF-TOKEN')).toBe('bound-to-the-appointment');
    cancel.flush(aCitizenAppointment({ state: 'cancelled', canCancel: false, canRebook: false }));
    await fixture.whenStable();
    expect(textOf('appointment-state')).toBe('Cancelled');
    expect(textOf('final-text')).toBe('This appointment was cancelled. You can book a new one.');
  });

  it('asks for the e-mailed link when there is neither a link nor an open session', async () => {
    await open(null, null);
    expect(textOf('no-link')).toBe('Open this page with the link in the e-mail you received after booking.');
  });
});
