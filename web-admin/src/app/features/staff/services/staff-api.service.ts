import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import { CreateStaffRequest, CreateStaffResponse, Staff, StaffPage, StaffQuery, UpdateStaffRequest } from './staff.models';

/** `/api/staff` (admin). */
@Injectable({ providedIn: 'root' })
export class StaffApiService {
  private readonly http = inject(HttpClient);

  list(query: StaffQuery): Observable<StaffPage> {
    const params = new HttpParams()
      .set('search', query.search)
      .set('page', query.page)
      .set('pageSize', query.pageSize);
    return this.http.get<StaffPage>('/api/staff', { params });
  }

  create(request: CreateStaffRequest): Observable<CreateStaffResponse> {
    return this.http.post<CreateStaffResponse>('/api/staff', request);
  }

  update(id: string, request: UpdateStaffRequest): Observable<Staff> {
    return this.http.patch<Staff>(`/api/staff/${encodeURIComponent(id)}`, request);
  }

  disable(id: string): Observable<Staff> {
    return this.http.post<Staff>(`/api/staff/${encodeURIComponent(id)}/disable`, {});
  }

  enable(id: string): Observable<Staff> {
    return this.http.post<Staff>(`/api/staff/${encodeURIComponent(id)}/enable`, {});
  }

  resetSecondFactor(id: string): Observable<Staff> {
    return this.http.post<Staff>(`/api/staff/${encodeURIComponent(id)}/reset-second-factor`, {});
  }
}
