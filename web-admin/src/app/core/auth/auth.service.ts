import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { catchError, map, Observable, of, shareReplay, switchMap, tap } from 'rxjs';
import { handlesUnauthorized } from '../http/http-context';
import { LanguageService } from '../i18n/language.service';
import { LoginResponse, Me, SecondFactorStep, TotpEnrolment, TotpEnrolmentResult } from './auth.models';
import { SessionStore } from './session.store';

/**
 * The sign-in flows against `/api/auth`: e-mail + password, then TOTP (or a recovery code), or
 * TOTP enrolment for a first sign-in. A completed step puts the member in the session store and
 * switches the UI to their language.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly session = inject(SessionStore);
  private readonly language = inject(LanguageService);

  private csrf$: Observable<void> | null = null;

  /** Makes sure the `XSRF-TOKEN` cookie exists before the first POST; asks the API once per page load. */
  ensureCsrfCookie(): Observable<void> {
    this.csrf$ ??= this.http.get<void>('/api/auth/csrf').pipe(
      map(() => undefined),
      catchError((error: unknown) => {
        this.csrf$ = null;
        throw error;
      }),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.csrf$;
  }

  /** Restores the session at start-up; a 401 (or the API being down) simply means "signed out". */
  restore(): Observable<Me | null> {
    return this.http.get<Me>('/api/auth/me', { context: handlesUnauthorized() }).pipe(
      tap((me) => this.session.set(me)),
      catchError(() => {
        this.session.clear();
        return of(null);
      }),
    );
  }

  login(email: string, password: string): Observable<SecondFactorStep> {
    return this.ensureCsrfCookie().pipe(
      switchMap(() =>
        this.http.post<LoginResponse>('/api/auth/login', { email, password }, { context: handlesUnauthorized() }),
      ),
      map((response) => response.next),
    );
  }

  verifyTotp(code: string): Observable<Me> {
    return this.http
      .post<Me>('/api/auth/totp', { code }, { context: handlesUnauthorized() })
      .pipe(switchMap((me) => this.startSession(me)));
  }

  useRecoveryCode(code: string): Observable<Me> {
    return this.http
      .post<Me>('/api/auth/recovery', { code }, { context: handlesUnauthorized() })
      .pipe(switchMap((me) => this.startSession(me)));
  }

  getTotpEnrolment(): Observable<TotpEnrolment> {
    return this.http.get<TotpEnrolment>('/api/auth/totp/enrolment', { context: handlesUnauthorized() });
  }

  /**
   * Confirms the enrolment with the first code. The session starts only when the member confirms
   * they saved the recovery codes (`startSession`), so the codes page is not navigated away from.
   */
  confirmTotpEnrolment(code: string): Observable<TotpEnrolmentResult> {
    return this.http.post<TotpEnrolmentResult>(
      '/api/auth/totp/enrolment',
      { code },
      { context: handlesUnauthorized() },
    );
  }

  /** Puts the member in the session and switches to their language. */
  startSession(me: Me): Observable<Me> {
    this.session.set(me);
    return this.language.use(me.language).pipe(
      map(() => me),
      catchError(() => of(me)),
    );
  }

  /** Signs out on the server (best effort) and forgets the session locally. */
  logout(): Observable<void> {
    return this.http.post<void>('/api/auth/logout', {}, { context: handlesUnauthorized() }).pipe(
      catchError(() => of(undefined)),
      map(() => undefined),
      tap(() => this.session.clear()),
    );
  }
}
