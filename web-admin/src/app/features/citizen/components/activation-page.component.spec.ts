import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { configurePageTest, pageQueries, typeInto } from '../../../../testing/page-testing';
import { Enrolment } from '../services/citizen.models';
import { ActivationPageComponent } from './activation-page.component';

const TOKEN = 'link-token-from-the-mail';
const CODE = 'ABCDE-FGHJK-MNPQR-STVWX';

function anEnrolment(overrides: Partial<Enrolment> = {}): Enrolment {
  return { step: 'choose_key', kind: null, email: 'j•••@example.be', destination: null, username: null, codeExpiresAt: null, totp: null, ...overrides };
}

describe(ActivationPageComponent.name, () => {
  let fixture: ComponentFixture<ActivationPageComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;
  const { field, button } = pageQueries(() => element);

  async function render(openEnrolment: Enrolment | null, token: string | null = TOKEN): Promise<void> {
    fixture = TestBed.createComponent(ActivationPageComponent);
    element = fixture.nativeElement as HTMLElement;
    if (token) {
      fixture.componentRef.setInput('t', token);
    }
    fixture.detectChanges();
    const probe = http.expectOne('/api/citizen/activation');
    if (openEnrolment) {
      probe.flush(openEnrolment);
    } else {
      probe.flush({ statusCode: 401, code: 'citizen.session_required', message: 'Start again.' }, { status: 401, statusText: 'Unauthorized' });
    }
    await fixture.whenStable();
  }

  beforeEach(() => {
    http = configurePageTest(ActivationPageComponent);
  });

  afterEach(() => http.verify());

  const heading = (): string | undefined => element.querySelector('h1')?.textContent?.trim();
  const boxes = (): HTMLInputElement[] => Array.from(element.querySelectorAll<HTMLInputElement>('app-activation-code-field input'));
  const alert = (): string | undefined => element.querySelector('[role="alert"]')?.textContent?.trim();

  /** The first state-changing call of a page load asks for the CSRF cookie first. */
  function csrf(): void {
    http.expectOne('/api/citizen/csrf').flush(null, { status: 204, statusText: 'No Content' });
  }

  function paste(input: HTMLInputElement, text: string): void {
    const event = new Event('paste', { bubbles: true, cancelable: true }) as ClipboardEvent;
    Object.defineProperty(event, 'clipboardData', { value: { getData: () => text } });
    input.dispatchEvent(event);
  }

  it('asks for the code in four labelled boxes; a pasted code fills them all and opens the enrolment', async () => {
    await render(null);
    expect(heading()).toBe('Enter your activation code');
    expect(boxes().map((box) => box.getAttribute('aria-label'))).toEqual([1, 2, 3, 4].map((n) => `Activation code, part ${n} of 4`));
    expect(element.querySelector('legend')?.textContent?.trim()).toBe('Activation code');

    paste(boxes()[2], ` ${CODE.toLowerCase()} `);
    await fixture.whenStable();
    expect(boxes().map((box) => box.value)).toEqual(['ABCDE', 'FGHJK', 'MNPQR', 'STVWX']);

    button('Next').click();
    csrf();
    const start = http.expectOne('/api/citizen/activation/start');
    expect(start.request.method).toBe('POST');
    expect(start.request.body).toEqual({ token: TOKEN, code: 'ABCDEFGHJKMNPQRSTVWX' });
    start.flush(anEnrolment());
    await fixture.whenStable();

    expect(heading()).toBe('Choose your digital key');
    expect(element.querySelector('[aria-current="step"]')?.textContent?.replace(/\s+/g, ' ').trim()).toBe('2 Digital key');
    expect(element.textContent).toContain('The code is sent to j•••@example.be.');
  });

  it('moves to the next box while typing, and checks the code is complete before calling the API', async () => {
    await render(null);
    typeInto(boxes()[0], 'abcde');
    await fixture.whenStable();
    expect(boxes()[0].value).toBe('ABCDE');
    expect(document.activeElement).toBe(boxes()[1]);
    button('Next').click();
    await fixture.whenStable();
    expect(alert()).toBe('Enter the 20 characters of the code (4 groups of 5).');
    http.expectNone('/api/citizen/activation/start');
  });

  it("shows the API's translated refusal and stays on the code", async () => {
    await render(null);
    paste(boxes()[0], CODE);
    button('Next').click();
    csrf();
    http.expectOne('/api/citizen/activation/start').flush(
      { statusCode: 400, code: 'citizen.activation.wrong_code', message: 'The activation code is incorrect. Attempts left: 2.', attemptsLeft: 2 },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    expect(alert()).toBe('The activation code is incorrect. Attempts left: 2.');
    expect(heading()).toBe('Enter your activation code');
  });

  it('explains that the page needs the link from the e-mail', async () => {
    await render(null, null);
    expect(alert()).toBe('Open this page with the link from the e-mail “My digital keys: activation”.');
    expect(boxes()).toHaveLength(0);
  });

  it('asks for the mobile number of an SMS key and sends it with the choice', async () => {
    await render(anEnrolment());
    const sms = Array.from(element.querySelectorAll<HTMLInputElement>('input[type="radio"]')).find((radio) => radio.value === 'sms_code');
    sms!.click();
    await fixture.whenStable();
    typeInto(field('Mobile phone number'), '0470 12 34 56');
    button('Next').click();
    csrf();
    const put = http.expectOne('/api/citizen/activation/key');
    expect(put.request.method).toBe('PUT');
    expect(put.request.body).toEqual({ kind: 'sms_code', phone: '0470 12 34 56' });
    put.flush(anEnrolment({ step: 'credentials', kind: 'sms_code', destination: '+32 ••• •• •• 56' }));
    await fixture.whenStable();
    expect(heading()).toBe('Choose a username and a password');
  });

  it('ticks the password rules live while the citizen types', async () => {
    await render(anEnrolment({ step: 'credentials', kind: 'email_code' }));
    const met = (): string[] => Array.from(element.querySelectorAll('app-password-hints li.met')).map((li) => li.getAttribute('data-rule') ?? '');
    expect(field('Password').autocomplete).toBe('new-password');
    expect(field('Password').maxLength).toBe(200);
    expect(field('Password').getAttribute('aria-describedby')?.split(' ')).toContain('password-rules');
    typeInto(field('Username'), 'jan.peeters');
    typeInto(field('Password'), 'short');
    await fixture.whenStable();
    expect(met()).toEqual(['username']);
    typeInto(field('Password'), 'my jan.peeters secret');
    await fixture.whenStable();
    expect(met()).toEqual(['length', 'classes']);
    typeInto(field('Password'), 'correct horse battery 7');
    await fixture.whenStable();
    expect(met()).toEqual(['length', 'username', 'classes']);
    expect(field('Password').getAttribute('aria-describedby')).toContain('password-rules');

    button('Next').click();
    csrf();
    const put = http.expectOne('/api/citizen/activation/credentials');
    expect(put.request.body).toEqual({ username: 'jan.peeters', password: 'correct horse battery 7' });
    put.flush(anEnrolment({ step: 'confirm', kind: 'email_code', destination: 'j•••@example.be', username: 'jan.peeters', codeExpiresAt: new Date(Date.now() + 300_000).toISOString() }));
    await fixture.whenStable();
    expect(heading()).toBe('Enter your registration code');
    expect(element.textContent).toContain('We sent a registration code to j•••@example.be.');
  });

  it('shows the QR code of an app key (page reloaded mid-way) and activates with the first code', async () => {
    await render(
      anEnrolment({
        step: 'confirm',
        kind: 'totp',
        username: 'jan.peeters',
        totp: { secret: 'JBSWY3DPEHPK3PXP', otpauthUrl: 'otpauth://totp/x', qrDataUrl: 'data:image/png;base64,AAAA' },
      }),
    );
    expect(heading()).toBe('Link your authenticator app');
    const qr = element.querySelector<HTMLImageElement>('img.qr');
    expect(qr?.alt).toBe('QR code that adds your digital key to the authenticator app');
    expect(element.textContent).toContain('JBSWY3DPEHPK3PXP');

    typeInto(field('Code from the app'), '123 456');
    button('Activate my key').click();
    csrf();
    const confirm = http.expectOne('/api/citizen/activation/confirm');
    expect(confirm.request.body).toEqual({ code: '123456' });
    confirm.flush({ kind: 'totp', username: 'jan.peeters' });
    await fixture.whenStable();
    expect(heading()).toBe('Your digital key is now active');
    expect(element.textContent).toContain('log in with the username jan.peeters');
    expect(element.querySelector('a[href="/citizen/login"]')).not.toBeNull();
  });

  it('asks for a new registration code and says the old one no longer works', async () => {
    await render(anEnrolment({ step: 'confirm', kind: 'email_code', destination: 'j•••@example.be', username: 'jan' }));
    button('Send me a new code').click();
    csrf();
    http.expectOne('/api/citizen/activation/code').flush(anEnrolment({ step: 'confirm', kind: 'email_code', destination: 'j•••@example.be', username: 'jan' }));
    await fixture.whenStable();
    expect(element.querySelector('[role="status"]')?.textContent?.trim()).toBe('A new code is on its way. The previous one no longer works.');
  });
});
