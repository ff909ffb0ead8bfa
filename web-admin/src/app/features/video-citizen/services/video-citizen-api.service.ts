import { HttpClient, HttpEvent } from '@angular/common/http';
import { DOCUMENT, inject, Injectable } from '@angular/core';
import { catchError, map, Observable, of, switchMap, throwError } from 'rxjs';
import { toApiError } from '../../../core/http/api-error';
import { handlesUnauthorized } from '../../../core/http/http-context';
import { Booking, BookingRequest, CitizenAppointmentView } from '../../video/shared/video.models';

/**
 * The citizen's side of `/api/video/…`: booking (public) and the appointment session opened with the
 * e-mailed link and the security code (cookie). Every call handles its own 401 (there is no staff
 * sign-in to go to).
 *
 * CSRF: the public writes (book, open) need a double-submit XSRF-TOKEN cookie of any kind; one is
 * fetched only when the browser has none (or after a CSRF refusal). Opening the appointment sets an
 * XSRF-TOKEN bound to the appointment session, which the session's writes (copy, cancel, rebook,
 * close) must send: those never fetch a cookie, since `/api/citizen/csrf` would replace the bound
 * token with one the appointment session refuses.
 */
@Injectable({ providedIn: 'root' })
export class VideoCitizenApiService {
  private readonly http = inject(HttpClient);
  private readonly document = inject(DOCUMENT);

  book(request: BookingRequest): Observable<Booking> {
    return this.publicWrite(() => this.http.post<Booking>('/api/video/appointments', request, { context: handlesUnauthorized() }));
  }

  access(token: string, securityCode: string): Observable<CitizenAppointmentView> {
    return this.publicWrite(() =>
      this.http.post<CitizenAppointmentView>('/api/video/access', { token, securityCode }, { context: handlesUnauthorized() }),
    );
  }

  appointment(): Observable<CitizenAppointmentView> {
    return this.http.get<CitizenAppointmentView>('/api/video/access/appointment', { context: handlesUnauthorized() });
  }

  /** The colour copy of the ID (1–2 files), with upload progress events. */
  uploadIdCopy(files: readonly File[]): Observable<HttpEvent<CitizenAppointmentView>> {
    return this.sessionWrite(() => {
      const body = new FormData();
      for (const file of files) {
        body.append('files', file, file.name);
      }
      return this.http.post<CitizenAppointmentView>('/api/video/access/id-copy', body, {
        context: handlesUnauthorized(),
        reportProgress: true,
        observe: 'events',
      });
    });
  }

  cancel(): Observable<CitizenAppointmentView> {
    return this.sessionWrite(() => this.http.post<CitizenAppointmentView>('/api/video/access/cancel', {}, { context: handlesUnauthorized() }));
  }

  rebook(startsAt: string): Observable<CitizenAppointmentView> {
    return this.sessionWrite(() =>
      this.http.post<CitizenAppointmentView>('/api/video/access/rebook', { startsAt }, { context: handlesUnauthorized() }),
    );
  }

  /** Ends the appointment session in this browser. */
  end(): Observable<void> {
    return this.sessionWrite(() => this.http.delete<void>('/api/video/access', { context: handlesUnauthorized() }));
  }

  /** A public write: after a double-submit cookie (fetched when there is none), once more with a fresh one on a CSRF refusal. */
  private publicWrite<T>(call: () => Observable<T>): Observable<T> {
    const cookie$ = this.hasCsrfCookie() ? of(undefined) : this.freshCsrfCookie();
    return cookie$.pipe(
      switchMap(call),
      catchError((error: unknown) => {
        if (toApiError(error).code !== 'error.csrf') {
          return throwError(() => error);
        }
        return this.freshCsrfCookie().pipe(switchMap(call));
      }),
    );
  }

  /** A write of the appointment session: with the XSRF-TOKEN bound to it when it was opened, as is. */
  private sessionWrite<T>(call: () => Observable<T>): Observable<T> {
    return call();
  }

  private freshCsrfCookie(): Observable<void> {
    return this.http.get<void>('/api/citizen/csrf', { context: handlesUnauthorized() }).pipe(map(() => undefined));
  }

  private hasCsrfCookie(): boolean {
    return this.document.cookie.split(';').some((cookie) => cookie.trim().startsWith('XSRF-TOKEN='));
  }
}
