import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import { AuditFilters, AuditPage } from './audit.models';

/** `GET /api/audit` (supervisor, admin). Empty filters are left out of the query. */
@Injectable({ providedIn: 'root' })
export class AuditApiService {
  private readonly http = inject(HttpClient);

  search(filters: AuditFilters, page: number, pageSize: number): Observable<AuditPage> {
    let params = new HttpParams().set('page', page).set('pageSize', pageSize);
    for (const [name, value] of Object.entries(filters) as [keyof AuditFilters, string][]) {
      const trimmed = value.trim();
      if (trimmed !== '') {
        params = params.set(name, trimmed);
      }
    }
    return this.http.get<AuditPage>('/api/audit', { params });
  }
}
