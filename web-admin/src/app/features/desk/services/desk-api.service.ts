import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import {
  ActivationCode,
  CardReadRequest,
  DocumentCheckRequest,
  EmailCheck,
  IssueCodeRequest,
  VerifiedIdentity,
} from './desk.models';

/** `/api/desk` (clerk): identity checks, the e-mail guard, activation codes and their letters. */
@Injectable({ providedIn: 'root' })
export class DeskApiService {
  private readonly http = inject(HttpClient);

  verifyCardRead(request: CardReadRequest): Observable<VerifiedIdentity> {
    return this.http.post<VerifiedIdentity>('/api/desk/card-reads', request);
  }

  checkDocument(request: DocumentCheckRequest): Observable<VerifiedIdentity> {
    return this.http.post<VerifiedIdentity>('/api/desk/document-checks', request);
  }

  checkEmail(email: string): Observable<EmailCheck> {
    return this.http.get<EmailCheck>('/api/desk/email-check', { params: new HttpParams().set('email', email) });
  }

  issueCode(request: IssueCodeRequest): Observable<ActivationCode> {
    return this.http.post<ActivationCode>('/api/desk/activation-codes', request);
  }

  getCode(id: string): Observable<ActivationCode> {
    return this.http.get<ActivationCode>(`/api/desk/activation-codes/${encodeURIComponent(id)}`);
  }

  /** The letter PDF (only while the code is live and the letter rendered). */
  getLetter(id: string): Observable<Blob> {
    return this.http.get(`/api/desk/activation-codes/${encodeURIComponent(id)}/letter`, { responseType: 'blob' });
  }

  recordPrint(id: string): Observable<ActivationCode> {
    return this.http.post<ActivationCode>(`/api/desk/activation-codes/${encodeURIComponent(id)}/prints`, {});
  }

  revoke(id: string): Observable<ActivationCode> {
    return this.http.post<ActivationCode>(`/api/desk/activation-codes/${encodeURIComponent(id)}/revoke`, {});
  }

  /** The codes issued on `date` (`YYYY-MM-DD`) at the clerk's municipality. */
  listCodes(date: string): Observable<ActivationCode[]> {
    return this.http.get<ActivationCode[]>('/api/desk/activation-codes', { params: new HttpParams().set('date', date) });
  }
}
