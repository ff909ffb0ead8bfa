import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import {
  AddMemberRequest,
  BisResult,
  BulkResult,
  CreateOrganisationRequest,
  Figures,
  Member,
  Organisation,
  QueueFilters,
  QueuePage,
  ReuploadReason,
  Review,
  Ticket,
} from './niss.models';

const ticketUrl = (id: string) => `/api/niss/tickets/${encodeURIComponent(id)}`;

/** `/api/niss/*` (NISS operators, supervisors) and `/api/organisations` (admins; the list for everyone here). */
@Injectable({ providedIn: 'root' })
export class NissApiService {
  private readonly http = inject(HttpClient);

  queue(filters: QueueFilters, after: string | null): Observable<QueuePage> {
    let params = new HttpParams();
    if (filters.organisationId) params = params.set('organisationId', filters.organisationId);
    if (filters.nationality) params = params.set('nationality', filters.nationality);
    if (filters.documentType) params = params.set('documentType', filters.documentType);
    if (filters.awaitingReupload) params = params.set('awaitingReupload', 'true');
    if (filters.mine) params = params.set('mine', 'true');
    if (after) params = params.set('after', after);
    return this.http.get<QueuePage>('/api/niss/queue', { params });
  }

  review(id: string): Observable<Review> {
    return this.http.get<Review>(ticketUrl(id));
  }

  /** A document page's image, fetched with the staff session (an <img src> could not send it cross-origin). */
  page(documentId: string, n: number): Observable<Blob> {
    return this.http.get(`/api/niss/documents/${encodeURIComponent(documentId)}/pages/${n}`, {
      responseType: 'blob',
      withCredentials: true,
    });
  }

  claim(id: string, takeover = false): Observable<Ticket> {
    return this.http.post<Ticket>(`${ticketUrl(id)}/claim`, takeover ? { takeover: true } : {});
  }

  touch(id: string): Observable<void> {
    return this.http.post<void>(`${ticketUrl(id)}/claim/touch`, {});
  }

  release(id: string): Observable<Ticket> {
    return this.http.delete<Ticket>(`${ticketUrl(id)}/claim`);
  }

  identify(id: string, personId: string): Observable<Ticket> {
    return this.http.post<Ticket>(`${ticketUrl(id)}/identify`, { personId });
  }

  createBis(id: string): Observable<BisResult> {
    return this.http.post<BisResult>(`${ticketUrl(id)}/bis`, {});
  }

  fail(id: string, reason: string): Observable<Ticket> {
    return this.http.post<Ticket>(`${ticketUrl(id)}/fail`, { reason });
  }

  requestReupload(id: string, reason: ReuploadReason, text: string | null): Observable<Ticket> {
    return this.http.post<Ticket>(`${ticketUrl(id)}/reupload-request`, { reason, text });
  }

  bulkReupload(ticketIds: string[], reason: ReuploadReason, text: string | null): Observable<BulkResult[]> {
    return this.http.post<BulkResult[]>('/api/niss/reupload-requests', { ticketIds, reason, text });
  }

  figures(days: number): Observable<Figures> {
    return this.http.get<Figures>('/api/niss/figures', { params: new HttpParams().set('days', days) });
  }

  organisations(): Observable<Organisation[]> {
    return this.http.get<Organisation[]>('/api/organisations');
  }

  createOrganisation(request: CreateOrganisationRequest): Observable<Organisation> {
    return this.http.post<Organisation>('/api/organisations', request);
  }

  members(organisationId: string): Observable<Member[]> {
    return this.http.get<Member[]>(`/api/organisations/${encodeURIComponent(organisationId)}/members`);
  }

  addMember(organisationId: string, request: AddMemberRequest): Observable<Member> {
    return this.http.post<Member>(`/api/organisations/${encodeURIComponent(organisationId)}/members`, request);
  }

  removeMember(organisationId: string, memberId: string): Observable<void> {
    return this.http.delete<void>(
      `/api/organisations/${encodeURIComponent(organisationId)}/members/${encodeURIComponent(memberId)}`,
    );
  }
}
