import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, Observable } from 'rxjs';
import { FailedJobsPage, QueueCounts, QueuesResponse } from './jobs.models';

/** `/api/admin/jobs` (admin): queue counts, failed jobs, retry. */
@Injectable({ providedIn: 'root' })
export class JobsApiService {
  private readonly http = inject(HttpClient);

  queues(): Observable<QueueCounts[]> {
    return this.http.get<QueuesResponse>('/api/admin/jobs').pipe(map((response) => response.queues));
  }

  failed(queue: string, page: number): Observable<FailedJobsPage> {
    return this.http.get<FailedJobsPage>(`/api/admin/jobs/${encodeURIComponent(queue)}/failed`, {
      params: new HttpParams().set('page', page),
    });
  }

  retry(queue: string, jobId: string): Observable<void> {
    return this.http.post<void>(
      `/api/admin/jobs/${encodeURIComponent(queue)}/${encodeURIComponent(jobId)}/retry`,
      {},
    );
  }
}
