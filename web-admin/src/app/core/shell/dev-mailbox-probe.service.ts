import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { inject, Injectable, signal } from '@angular/core';
import { catchError, map, Observable, of, tap } from 'rxjs';

/**
 * Whether the API runs its development mail catcher: `GET /api/dev/mailbox` answers 404 when not.
 * Asked once per session (admins only), remembered after a definite answer.
 */
@Injectable({ providedIn: 'root' })
export class DevMailboxProbe {
  private readonly http = inject(HttpClient);
  private readonly availableState = signal<boolean | null>(null);

  /** null while unknown. */
  readonly available = this.availableState.asReadonly();

  check(): Observable<boolean> {
    const known = this.availableState();
    if (known !== null) {
      return of(known);
    }
    return this.http.get<unknown>('/api/dev/mailbox').pipe(
      map(() => true),
      tap(() => this.availableState.set(true)),
      catchError((error: unknown) => {
        if (error instanceof HttpErrorResponse && error.status === 404) {
          this.availableState.set(false);
        }
        return of(false);
      }),
    );
  }

  reset(): void {
    this.availableState.set(null);
  }
}
