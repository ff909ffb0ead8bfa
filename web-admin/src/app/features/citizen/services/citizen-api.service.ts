import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { catchError, map, Observable, shareReplay, switchMap, throwError } from 'rxjs';
import { toApiError } from '../../../core/http/api-error';
import { handlesUnauthorized } from '../../../core/http/http-context';
import { Activated, CitizenMe, Enrolment, KeyKind, LoginStep } from './citizen.models';

/**
 * `/api/citizen/…`: activation with the letter's code, login with a digital key. Every call handles
 * its own 401 (a citizen has no staff session to go back to). The XSRF-TOKEN cookie is asked for
 * once per page load; a CSRF refusal (cookie replaced in another tab) is retried once after a
 * fresh cookie.
 */
@Injectable({ providedIn: 'root' })
export class CitizenApiService {
  private readonly http = inject(HttpClient);
  private csrf$: Observable<void> | null = null;

  ensureCsrfCookie(): Observable<void> {
    this.csrf$ ??= this.http.get<void>('/api/citizen/csrf', { context: handlesUnauthorized() }).pipe(
      map(() => undefined),
      catchError((error: unknown) => {
        this.csrf$ = null;
        return throwError(() => error);
      }),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.csrf$;
  }

  enrolment(): Observable<Enrolment> {
    return this.http.get<Enrolment>('/api/citizen/activation', { context: handlesUnauthorized() });
  }

  start(token: string, code: string): Observable<Enrolment> {
    return this.write(() => this.http.post<Enrolment>('/api/citizen/activation/start', { token, code }, { context: handlesUnauthorized() }));
  }

  chooseKey(kind: KeyKind, phone?: string): Observable<Enrolment> {
    const body = kind === 'sms_code' ? { kind, phone } : { kind };
    return this.write(() => this.http.put<Enrolment>('/api/citizen/activation/key', body, { context: handlesUnauthorized() }));
  }

  setCredentials(username: string, password: string): Observable<Enrolment> {
    return this.write(() =>
      this.http.put<Enrolment>('/api/citizen/activation/credentials', { username, password }, { context: handlesUnauthorized() }),
    );
  }

  newRegistrationCode(): Observable<Enrolment> {
    return this.write(() => this.http.post<Enrolment>('/api/citizen/activation/code', {}, { context: handlesUnauthorized() }));
  }

  confirm(code: string): Observable<Activated> {
    return this.write(() => this.http.post<Activated>('/api/citizen/activation/confirm', { code }, { context: handlesUnauthorized() }));
  }

  login(username: string, password: string): Observable<LoginStep> {
    return this.write(() => this.http.post<LoginStep>('/api/citizen/login', { username, password }, { context: handlesUnauthorized() }));
  }

  newLoginCode(): Observable<LoginStep> {
    return this.write(() => this.http.post<LoginStep>('/api/citizen/login/code', {}, { context: handlesUnauthorized() }));
  }

  verify(code: string): Observable<CitizenMe> {
    return this.write(() => this.http.post<CitizenMe>('/api/citizen/login/verify', { code }, { context: handlesUnauthorized() }));
  }

  me(): Observable<CitizenMe> {
    return this.http.get<CitizenMe>('/api/citizen/me', { context: handlesUnauthorized() });
  }

  logout(): Observable<void> {
    return this.write(() => this.http.post<void>('/api/citizen/logout', {}, { context: handlesUnauthorized() }));
  }

  /** A state-changing call, after the CSRF cookie, retried once with a fresh cookie on a CSRF refusal. */
  private write<T>(call: () => Observable<T>): Observable<T> {
    return this.ensureCsrfCookie().pipe(
      switchMap(call),
      catchError((error: unknown) => {
        if (toApiError(error).code !== 'error.csrf') {
          return throwError(() => error);
        }
        this.csrf$ = null;
        return this.ensureCsrfCookie().pipe(switchMap(call));
      }),
    );
  }
}
