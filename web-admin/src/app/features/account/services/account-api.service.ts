import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import { handlesUnauthorized } from '../../../core/http/http-context';

/** The signed-in member's own account. */
@Injectable({ providedIn: 'root' })
export class AccountApiService {
  private readonly http = inject(HttpClient);

  /** 401 `auth.invalid_credentials` means a wrong current password, not a lost session. */
  changePassword(currentPassword: string, newPassword: string): Observable<void> {
    return this.http.put<void>(
      '/api/auth/me/password',
      { currentPassword, newPassword },
      { context: handlesUnauthorized(['auth.invalid_credentials']) },
    );
  }
}
