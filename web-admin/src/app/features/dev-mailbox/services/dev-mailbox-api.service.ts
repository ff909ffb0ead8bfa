import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import { DevMail } from './dev-mail.models';

/** `/api/dev/mailbox` (admin; only when the API runs its development mail catcher). */
@Injectable({ providedIn: 'root' })
export class DevMailboxApiService {
  private readonly http = inject(HttpClient);

  list(): Observable<DevMail[]> {
    return this.http.get<DevMail[]>('/api/dev/mailbox');
  }

  clear(): Observable<void> {
    return this.http.delete<void>('/api/dev/mailbox');
  }
}
