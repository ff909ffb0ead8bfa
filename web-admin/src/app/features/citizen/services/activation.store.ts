import { computed, inject, Injectable, signal } from '@angular/core';
import { catchError, finalize, map, Observable, of, tap } from 'rxjs';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { ApiError, toApiError } from '../../../core/http/api-error';
import { CitizenApiService } from './citizen-api.service';
import { Activated, Enrolment, KeyKind } from './citizen.models';

/** Where the activation page stands: the code from the letter, the three enrolment steps, done. */
export type ActivationStage = 'code' | 'choose_key' | 'credentials' | 'confirm' | 'done';
export const ACTIVATION_STAGES: readonly ActivationStage[] = ['code', 'choose_key', 'credentials', 'confirm'];

/**
 * State of one activation page: the enrolment as the API reports it, the API's last refusal (its
 * translated message is what the page shows), and whether a call is running. One per page.
 */
@Injectable()
export class ActivationStore {
  private readonly api = inject(CitizenApiService);
  private readonly notifier = inject(ErrorNotifier);

  readonly enrolment = signal<Enrolment | null>(null);
  readonly activated = signal<Activated | null>(null);
  readonly loading = signal(true);
  readonly busy = signal(false);
  readonly failure = signal<ApiError | null>(null);
  readonly notice = signal<string | null>(null);

  readonly stage = computed<ActivationStage>(() => {
    if (this.activated()) {
      return 'done';
    }
    return this.enrolment()?.step ?? 'code';
  });
  readonly error = computed(() => {
    const failure = this.failure();
    return failure && (failure.fieldErrors.length === 0 || failure.message) ? this.notifier.messageFor(failure) : null;
  });

  /** Picks up an enrolment already open in this browser (page reloaded), else starts at the code. */
  resume(): void {
    this.loading.set(true);
    this.api
      .enrolment()
      .pipe(finalize(() => this.loading.set(false)))
      .subscribe({
        next: (enrolment) => this.enrolment.set(enrolment),
        error: () => this.enrolment.set(null),
      });
  }

  start(token: string, code: string): Observable<boolean> {
    return this.run(this.api.start(token, code), (enrolment) => this.enrolment.set(enrolment));
  }

  chooseKey(kind: KeyKind, phone?: string): Observable<boolean> {
    return this.run(this.api.chooseKey(kind, phone), (enrolment) => this.enrolment.set(enrolment));
  }

  /** Back to the key choice without calling the API (the choice is sent again). */
  changeKey(): void {
    const enrolment = this.enrolment();
    if (enrolment) {
      this.failure.set(null);
      this.notice.set(null);
      this.enrolment.set({ ...enrolment, step: 'choose_key' });
    }
  }

  setCredentials(username: string, password: string): Observable<boolean> {
    return this.run(this.api.setCredentials(username, password), (enrolment) => this.enrolment.set(enrolment));
  }

  newCode(sentNotice: string): Observable<boolean> {
    return this.run(this.api.newRegistrationCode(), (enrolment) => {
      this.enrolment.set(enrolment);
      this.notice.set(sentNotice);
    });
  }

  confirm(code: string): Observable<boolean> {
    return this.run(this.api.confirm(code), (activated) => {
      this.activated.set(activated);
      this.enrolment.set(null);
    });
  }

  /** Runs a call: busy while it runs, the refusal kept for the page (a lost session goes back to the code). */
  private run<T>(call: Observable<T>, apply: (value: T) => void): Observable<boolean> {
    this.busy.set(true);
    this.failure.set(null);
    this.notice.set(null);
    return call.pipe(
      tap(apply),
      map(() => true),
      catchError((error: unknown) => {
        const failure = toApiError(error);
        this.failure.set(failure);
        if (failure.code === 'citizen.session_required') {
          this.enrolment.set(null);
        }
        return of(false);
      }),
      finalize(() => this.busy.set(false)),
    );
  }
}
