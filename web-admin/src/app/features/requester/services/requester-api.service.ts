import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { catchError, map, Observable, switchMap, throwError } from 'rxjs';
import { toApiError } from '../../../core/http/api-error';
import { handlesUnauthorized } from '../../../core/http/http-context';
import { CitizenApiService } from '../../citizen/services/citizen-api.service';
import { DocumentStatus, RequestData, RequesterMe, Ticket, TicketDetail, TicketList, TicketScope } from './requester.models';

/**
 * `/api/requester/…`: the NISS requests of an organisation member signed in with a digital key.
 * Every call handles its own 401 (the pages send to the citizen login); writes go after the
 * citizen CSRF cookie and are retried once with a fresh cookie on a CSRF refusal.
 */
@Injectable({ providedIn: 'root' })
export class RequesterApiService {
  private readonly http = inject(HttpClient);
  private readonly citizen = inject(CitizenApiService);

  me(): Observable<RequesterMe> {
    return this.http.get<RequesterMe>('/api/requester/me', { context: handlesUnauthorized() });
  }

  tickets(scope: TicketScope, page: number, pageSize: number): Observable<TicketList> {
    const params = new HttpParams().set('scope', scope).set('page', page).set('pageSize', pageSize);
    return this.http.get<TicketList>('/api/requester/tickets', { params, context: handlesUnauthorized() });
  }

  ticket(id: string): Observable<TicketDetail> {
    return this.http.get<TicketDetail>(`/api/requester/tickets/${encodeURIComponent(id)}`, { context: handlesUnauthorized() });
  }

  document(id: string): Observable<DocumentStatus> {
    return this.http.get<DocumentStatus>(`/api/requester/documents/${encodeURIComponent(id)}`, { context: handlesUnauthorized() });
  }

  /** One page of an uploaded document, as an image (sent with the session cookie). */
  page(id: string, n: number): Observable<Blob> {
    return this.http.get(`/api/requester/documents/${encodeURIComponent(id)}/pages/${n}`, {
      responseType: 'blob',
      withCredentials: true,
      context: handlesUnauthorized(),
    });
  }

  upload(files: readonly File[]): Observable<DocumentStatus> {
    return this.write(() => {
      const body = new FormData();
      for (const file of files) {
        body.append('files', file, file.name);
      }
      return this.http.post<DocumentStatus>('/api/requester/documents', body, { context: handlesUnauthorized() });
    });
  }

  submit(documentId: string, data: RequestData): Observable<Ticket> {
    return this.write(() =>
      this.http.post<{ ticket: Ticket }>('/api/requester/tickets', { documentId, data }, { context: handlesUnauthorized() }).pipe(map((answer) => answer.ticket)),
    );
  }

  reupload(ticketId: string, documentId: string, data: RequestData): Observable<Ticket> {
    return this.write(() =>
      this.http.post<Ticket>(`/api/requester/tickets/${encodeURIComponent(ticketId)}/reupload`, { documentId, data }, { context: handlesUnauthorized() }),
    );
  }

  delete(ticketId: string): Observable<Ticket> {
    return this.write(() => this.http.delete<Ticket>(`/api/requester/tickets/${encodeURIComponent(ticketId)}`, { context: handlesUnauthorized() }));
  }

  private write<T>(call: () => Observable<T>): Observable<T> {
    return this.citizen.ensureCsrfCookie().pipe(
      switchMap(call),
      catchError((error: unknown) => {
        if (toApiError(error).code !== 'error.csrf') {
          return throwError(() => error);
        }
        // A fresh cookie (the cached one was refused), then the call once more.
        return this.http.get<void>('/api/citizen/csrf', { context: handlesUnauthorized() }).pipe(switchMap(call));
      }),
    );
  }
}
