import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { configurePageTest, pageQueries, typeInto } from '../../../../testing/page-testing';
import { CitizenLoginPageComponent } from './citizen-login-page.component';

describe(CitizenLoginPageComponent.name, () => {
  let fixture: ComponentFixture<CitizenLoginPageComponent>;
  let http: HttpTestingController;
  let router: Router;
  let element: HTMLElement;
  const { field, button } = pageQueries(() => element);

  beforeEach(async () => {
    http = configurePageTest(CitizenLoginPageComponent);
    router = TestBed.inject(Router);
    vi.spyOn(router, 'navigate').mockResolvedValue(true);
    fixture = TestBed.createComponent(CitizenLoginPageComponent);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  async function signIn(username: string, password: string): Promise<void> {
    typeInto(field('Username'), username);
    typeInto(field('Password'), password);
    button('Next').click();
    await fixture.whenStable();
    http.expectOne('/api/citizen/csrf').flush(null, { status: 204, statusText: 'No Content' });
  }

  it('logs in with username and password, then the code sent by e-mail, and goes to the connected page', async () => {
    expect(element.querySelector('h1')?.textContent?.trim()).toBe('Log in with your digital key');
    expect(field('Username').autocomplete).toBe('username');
    expect(field('Password').type).toBe('password');
    await signIn(' jan.peeters ', 'correct horse battery 7');
    const login = http.expectOne('/api/citizen/login');
    expect(login.request.body).toEqual({ username: 'jan.peeters', password: 'correct horse battery 7' });
    login.flush({ next: 'code', keyKind: 'email_code', destination: 'j•••@example.be', codeExpiresAt: new Date().toISOString() });
    await fixture.whenStable();

    expect(element.querySelector('h1')?.textContent?.trim()).toBe('Security code');
    expect(element.textContent).toContain('We sent a security code to j•••@example.be.');
    expect(field('Security code').autocomplete).toBe('one-time-code');
    typeInto(field('Security code'), '042917');
    button('Log in').click();
    const verify = http.expectOne('/api/citizen/login/verify');
    expect(verify.request.body).toEqual({ code: '042917' });
    verify.flush({ name: 'Jan Peeters', keyKind: 'email_code', username: 'jan.peeters' });
    await fixture.whenStable();
    expect(router.navigate).toHaveBeenCalledWith(['/citizen/connected']);
  });

  it("shows the API's message for wrong credentials without leaving the page or going to the staff sign-in", async () => {
    await signIn('jan.peeters', 'wrong');
    http.expectOne('/api/citizen/login').flush(
      { statusCode: 401, code: 'citizen.login.invalid_credentials', message: 'Username or password is incorrect.' },
      { status: 401, statusText: 'Unauthorized' },
    );
    await fixture.whenStable();
    expect(element.querySelector('[role="alert"]')?.textContent?.trim()).toBe('Username or password is incorrect.');
    expect(field('Password').value).toBe('');
    expect(router.navigate).not.toHaveBeenCalled();
  });

  it('asks for the app code of a TOTP key, without offering to send one', async () => {
    await signIn('app.user', 'correct horse battery 7');
    http.expectOne('/api/citizen/login').flush({ next: 'totp', keyKind: 'totp', destination: null, codeExpiresAt: null });
    await fixture.whenStable();
    expect(element.textContent).toContain('Enter the 6-digit code shown by your authenticator app.');
    expect(Array.from(element.querySelectorAll('button')).some((b) => b.textContent?.trim() === 'Send me a new code')).toBe(false);
    typeInto(field('Security code'), '12345');
    button('Log in').click();
    await fixture.whenStable();
    http.expectNone('/api/citizen/login/verify');
    expect(Array.from(element.querySelectorAll('mat-error')).map((e) => e.textContent?.trim())).toContain('Enter the 6 digits shown by the app.');
  });
});
