import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideTranslateLoader, provideTranslateService, TranslateService } from '@ngx-translate/core';
import { firstValueFrom } from 'rxjs';
import { aMe } from '../../../testing/fixtures';
import { authErrorInterceptor } from '../http/auth-error.interceptor';
import { HANDLES_UNAUTHORIZED } from '../http/http-context';
import { HttpTranslateLoader } from '../i18n/http-translate.loader';
import { AuthService } from './auth.service';
import { SessionStore } from './session.store';

describe(AuthService.name, () => {
  let auth: AuthService;
  let session: SessionStore;
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authErrorInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
        provideTranslateService({ loader: provideTranslateLoader(HttpTranslateLoader) }),
      ],
    });
    auth = TestBed.inject(AuthService);
    session = TestBed.inject(SessionStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('asks for the CSRF cookie once, before the first login', async () => {
    const first = firstValueFrom(auth.login('alice.martin@example.be', 'correct horse battery'));
    const csrf = http.expectOne('/api/auth/csrf');
    expect(csrf.request.method).toBe('GET');
    http.expectNone('/api/auth/login');
    csrf.flush(null, { status: 204, statusText: 'No Content' });

    const login = http.expectOne('/api/auth/login');
    expect(login.request.method).toBe('POST');
    expect(login.request.body).toEqual({ email: 'alice.martin@example.be', password: 'correct horse battery' });
    expect(login.request.context.get(HANDLES_UNAUTHORIZED)).toBe(true);
    login.flush({ next: 'totp_enrolment' });
    expect(await first).toBe('totp_enrolment');

    const second = firstValueFrom(auth.login('alice.martin@example.be', 'again'));
    http.expectNone('/api/auth/csrf');
    http.expectOne('/api/auth/login').flush({ next: 'totp' });
    expect(await second).toBe('totp');
  });

  it('asks for the CSRF cookie again when the first attempt failed', async () => {
    const failed = firstValueFrom(auth.login('a@example.be', 'x'));
    http.expectOne('/api/auth/csrf').error(new ProgressEvent('error'));
    await expect(failed).rejects.toBeTruthy();

    const retried = firstValueFrom(auth.login('a@example.be', 'x'));
    http.expectOne('/api/auth/csrf').flush(null, { status: 204, statusText: 'No Content' });
    http.expectOne('/api/auth/login').flush({ next: 'totp' });
    expect(await retried).toBe('totp');
  });

  it('does not start a session when the password is wrong', async () => {
    const attempt = firstValueFrom(auth.login('a@example.be', 'wrong'));
    http.expectOne('/api/auth/csrf').flush(null, { status: 204, statusText: 'No Content' });
    http
      .expectOne('/api/auth/login')
      .flush(
        { statusCode: 401, code: 'auth.invalid_credentials', message: 'Identifiants incorrects.' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await expect(attempt).rejects.toMatchObject({ status: 401 });
    expect(session.signedIn()).toBe(false);
  });

  it('starts the session after a correct TOTP code and switches to the member language', async () => {
    const me = aMe({ language: 'nl' });
    const verified = firstValueFrom(auth.verifyTotp('123456'));
    const request = http.expectOne('/api/auth/totp');
    expect(request.request.body).toEqual({ code: '123456' });
    request.flush(me);

    expect(session.me()).toEqual(me);
    http.expectOne('i18n/nl.json').flush({ app: { name: 'Sésame' } });
    expect(await verified).toEqual(me);
    expect(TestBed.inject(TranslateService).getCurrentLang()).toBe('nl');
    expect(document.documentElement.lang).toBe('nl');
  });

  it('starts the session with a recovery code', async () => {
    const me = aMe({ language: 'de' });
    const verified = firstValueFrom(auth.useRecoveryCode('ABCD-EFGH'));
    const request = http.expectOne('/api/auth/recovery');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ code: 'ABCD-EFGH' });
    request.flush(me);
    http.expectOne('i18n/de.json').flush({});
    await verified;
    expect(session.me()?.language).toBe('de');
  });

  it('keeps the session closed until the enrolment is confirmed and the codes are acknowledged', async () => {
    const me = aMe();
    const confirmed = firstValueFrom(auth.confirmTotpEnrolment('654321'));
    http.expectOne('/api/auth/totp/enrolment').flush({ me, recoveryCodes: ['a', 'b'] });
    expect((await confirmed).recoveryCodes).toEqual(['a', 'b']);
    expect(session.signedIn()).toBe(false);

    const started = firstValueFrom(auth.startSession(me));
    http.expectOne('i18n/fr.json').flush({});
    await started;
    expect(session.me()).toEqual(me);
  });

  it('restores a session at start-up', async () => {
    const restored = firstValueFrom(auth.restore());
    http.expectOne('/api/auth/me').flush(aMe());
    expect(await restored).toEqual(aMe());
    expect(session.signedIn()).toBe(true);
  });

  it('treats a 401 at start-up as signed out, without redirecting', async () => {
    session.set(aMe());
    const restored = firstValueFrom(auth.restore());
    const request = http.expectOne('/api/auth/me');
    expect(request.request.context.get(HANDLES_UNAUTHORIZED)).toBe(true);
    request.flush({ statusCode: 401, code: 'auth.unauthenticated', message: '' }, { status: 401, statusText: '' });
    expect(await restored).toBeNull();
    expect(session.signedIn()).toBe(false);
  });

  it('forgets the session on logout even when the API call fails', async () => {
    session.set(aMe());
    const done = firstValueFrom(auth.logout());
    const request = http.expectOne('/api/auth/logout');
    expect(request.request.method).toBe('POST');
    request.flush(null, { status: 500, statusText: 'Server Error' });
    await done;
    expect(session.signedIn()).toBe(false);
  });
});
