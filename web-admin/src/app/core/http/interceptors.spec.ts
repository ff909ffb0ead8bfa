import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { provideTranslateService } from '@ngx-translate/core';
import { firstValueFrom } from 'rxjs';
import { aMe } from '../../../testing/fixtures';
import { SessionStore } from '../auth/session.store';
import { ErrorNotifier } from '../errors/error-notifier.service';
import { LanguageService } from '../i18n/language.service';
import { acceptLanguageInterceptor } from './accept-language.interceptor';
import { authErrorInterceptor } from './auth-error.interceptor';
import { handlesUnauthorized } from './http-context';

describe('HTTP interceptors', () => {
  let httpClient: HttpClient;
  let http: HttpTestingController;
  let session: SessionStore;
  let router: Router;
  let notifier: { notAllowed: ReturnType<typeof vi.fn>; info: ReturnType<typeof vi.fn> };

  beforeEach(() => {
    notifier = { notAllowed: vi.fn(), info: vi.fn() };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([acceptLanguageInterceptor, authErrorInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
        provideTranslateService(),
        { provide: ErrorNotifier, useValue: notifier },
      ],
    });
    httpClient = TestBed.inject(HttpClient);
    http = TestBed.inject(HttpTestingController);
    session = TestBed.inject(SessionStore);
    router = TestBed.inject(Router);
    vi.spyOn(router, 'navigate').mockResolvedValue(true);
  });

  afterEach(() => http.verify());

  it('sends the current language as Accept-Language on API calls only', () => {
    TestBed.inject(LanguageService).preset('nl');
    httpClient.get('/api/staff').subscribe();
    httpClient.get('i18n/nl.json').subscribe();

    expect(http.expectOne('/api/staff').request.headers.get('Accept-Language')).toBe('nl');
    expect(http.expectOne('i18n/nl.json').request.headers.has('Accept-Language')).toBe(false);
  });

  it('on a 401 forgets the session and goes to the sign-in page', async () => {
    session.set(aMe());
    const call = firstValueFrom(httpClient.get('/api/audit'));
    http.expectOne('/api/audit').flush({ statusCode: 401, code: 'auth.unauthenticated', message: 'x' }, { status: 401, statusText: '' });

    await expect(call).rejects.toMatchObject({ status: 401 });
    expect(session.signedIn()).toBe(false);
    expect(notifier.info).toHaveBeenCalledWith('errors.session_expired');
    expect(router.navigate).toHaveBeenCalledWith(['/login'], { queryParams: {} });
  });

  it('leaves a 401 to callers that handle it', async () => {
    session.set(aMe());
    const call = firstValueFrom(httpClient.post('/api/auth/totp', { code: '000000' }, { context: handlesUnauthorized() }));
    http.expectOne('/api/auth/totp').flush({ statusCode: 401, code: 'auth.invalid_totp', message: 'x' }, { status: 401, statusText: '' });

    await expect(call).rejects.toMatchObject({ status: 401 });
    expect(session.signedIn()).toBe(true);
    expect(router.navigate).not.toHaveBeenCalled();
  });

  it('leaves only the listed 401 codes to the caller', async () => {
    session.set(aMe());
    const context = handlesUnauthorized(['auth.invalid_credentials']);

    const wrongPassword = firstValueFrom(httpClient.put('/api/auth/me/password', {}, { context }));
    http.expectOne('/api/auth/me/password').flush({ statusCode: 401, code: 'auth.invalid_credentials', message: 'x' }, { status: 401, statusText: '' });
    await expect(wrongPassword).rejects.toBeTruthy();
    expect(session.signedIn()).toBe(true);

    const expired = firstValueFrom(httpClient.put('/api/auth/me/password', {}, { context }));
    http.expectOne('/api/auth/me/password').flush({ statusCode: 401, code: 'auth.unauthenticated', message: 'x' }, { status: 401, statusText: '' });
    await expect(expired).rejects.toBeTruthy();
    expect(session.signedIn()).toBe(false);
    expect(router.navigate).toHaveBeenCalledTimes(1);
  });

  it('says "not allowed" on a 403', async () => {
    session.set(aMe({ roles: ['clerk'] }));
    const call = firstValueFrom(httpClient.get('/api/staff'));
    http.expectOne('/api/staff').flush({ statusCode: 403, code: 'auth.forbidden', message: 'x' }, { status: 403, statusText: '' });

    await expect(call).rejects.toMatchObject({ status: 403 });
    expect(notifier.notAllowed).toHaveBeenCalledTimes(1);
    expect(session.signedIn()).toBe(true);
  });
});
