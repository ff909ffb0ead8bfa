import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { configurePageTest, pageQueries, typeInto } from '../../../../testing/page-testing';
import { SessionStore } from '../../../core/auth/session.store';
import { LoginPageComponent } from './login-page.component';

describe(LoginPageComponent.name, () => {
  let fixture: ComponentFixture<LoginPageComponent>;
  let http: HttpTestingController;
  let router: Router;
  let element: HTMLElement;
  const { field, button } = pageQueries(() => element);

  beforeEach(async () => {
    http = configurePageTest(LoginPageComponent);
    router = TestBed.inject(Router);
    vi.spyOn(router, 'navigate').mockResolvedValue(true);

    fixture = TestBed.createComponent(LoginPageComponent);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  async function signIn(email: string, password: string): Promise<void> {
    typeInto(field('E-mail address'), email);
    typeInto(field('Password'), password);
    button('Sign in').click();
    await fixture.whenStable();
  }

  it('renders a labelled, translated form under a heading', () => {
    expect(element.querySelector('h1')?.textContent?.trim()).toBe('Sign in to Sésame');
    expect(field('E-mail address').type).toBe('email');
    expect(field('E-mail address').autocomplete).toBe('username');
    expect(field('Password').type).toBe('password');
    expect(element.querySelector('button[aria-label="Show characters"]')).not.toBeNull();
  });

  it('shows and hides the password characters on request', async () => {
    const toggle = element.querySelector<HTMLButtonElement>('button[aria-label="Show characters"]')!;
    toggle.click();
    await fixture.whenStable();
    expect(field('Password').type).toBe('text');
    expect(toggle.getAttribute('aria-label')).toBe('Hide characters');
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect(field('Password').autocomplete).toBe('current-password');
  });

  it('checks the fields before calling the API', async () => {
    typeInto(field('E-mail address'), 'not-an-address');
    button('Sign in').click();
    await fixture.whenStable();

    const errors = Array.from(element.querySelectorAll('mat-error')).map((error) => error.textContent?.trim());
    expect(errors).toEqual(['Enter a valid e-mail address.', 'This field is required.']);
    http.expectNone('/api/auth/csrf');
    http.expectNone('/api/auth/login');
  });

  it('gets the CSRF cookie, signs in and goes on to the TOTP step, keeping the return URL', async () => {
    fixture.componentRef.setInput('returnUrl', '/audit');
    await signIn('  alice.martin@example.be ', 'correct horse battery');

    http.expectOne('/api/auth/csrf').flush(null, { status: 204, statusText: 'No Content' });
    const login = http.expectOne('/api/auth/login');
    expect(login.request.method).toBe('POST');
    expect(login.request.body).toEqual({ email: 'alice.martin@example.be', password: 'correct horse battery' });
    login.flush({ next: 'totp' });
    await fixture.whenStable();

    expect(router.navigate).toHaveBeenCalledWith(['/login/totp'], { queryParams: { returnUrl: '/audit' } });
  });

  it('goes to the enrolment step for an account without a second factor', async () => {
    await signIn('new.clerk@example.be', 'initial-password-1');
    http.expectOne('/api/auth/csrf').flush(null, { status: 204, statusText: 'No Content' });
    http.expectOne('/api/auth/login').flush({ next: 'totp_enrolment' });
    await fixture.whenStable();

    expect(router.navigate).toHaveBeenCalledWith(['/login/enrolment'], { queryParams: {} });
  });

  it("shows the API's translated message on wrong credentials and stays on the page", async () => {
    await signIn('alice.martin@example.be', 'wrong password');
    http.expectOne('/api/auth/csrf').flush(null, { status: 204, statusText: 'No Content' });
    http.expectOne('/api/auth/login').flush(
      { statusCode: 401, code: 'auth.invalid_credentials', message: 'Wrong e-mail address or password.' },
      { status: 401, statusText: 'Unauthorized' },
    );
    await fixture.whenStable();

    expect(element.querySelector('[role="alert"]')?.textContent?.trim()).toBe('Wrong e-mail address or password.');
    expect(field('Password').value).toBe('');
    expect(router.navigate).not.toHaveBeenCalled();
    expect(TestBed.inject(SessionStore).signedIn()).toBe(false);
  });

  it('says how long to wait after too many attempts', async () => {
    await signIn('alice.martin@example.be', 'again');
    http.expectOne('/api/auth/csrf').flush(null, { status: 204, statusText: 'No Content' });
    http.expectOne('/api/auth/login').flush(
      { statusCode: 429, code: 'auth.too_many_attempts', retryAfterSeconds: 30 },
      { status: 429, statusText: 'Too Many Requests' },
    );
    await fixture.whenStable();

    expect(element.querySelector('[role="alert"]')?.textContent?.trim()).toBe(
      'Too many attempts. Try again in 30 seconds.',
    );
  });

  it('shows field errors from the API under the fields', async () => {
    await signIn('alice.martin@example.be', 'x');
    http.expectOne('/api/auth/csrf').flush(null, { status: 204, statusText: 'No Content' });
    http.expectOne('/api/auth/login').flush(
      {
        statusCode: 400,
        code: 'validation.failed',
        message: 'Some fields are not valid.',
        errors: [{ field: 'email', code: 'isEmail', message: 'This address is not allowed.' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();

    const errors = Array.from(element.querySelectorAll('mat-error')).map((error) => error.textContent?.trim());
    expect(errors).toContain('This address is not allowed.');
  });
});
