import { computed, inject, Injectable, signal } from '@angular/core';
import { finalize, Observable, Subscription } from 'rxjs';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { DeskApiService } from './desk-api.service';
import { brusselsToday } from './desk-format';
import { ActivationCode } from './desk.models';

/** Today's activation codes of the clerk's municipality. One per desk page. */
@Injectable()
export class TodayCodesStore {
  private readonly api = inject(DeskApiService);
  private readonly notifier = inject(ErrorNotifier);
  private inFlight: Subscription | null = null;

  readonly items = signal<readonly ActivationCode[]>([]);
  readonly loading = signal(false);
  /** Live codes whose letter is rendered and was never printed. */
  readonly unprinted = computed(() => this.items().filter((code) => code.state === 'issued' && code.letterReady));

  load(): void {
    this.inFlight?.unsubscribe();
    this.loading.set(true);
    this.inFlight = this.api
      .listCodes(brusselsToday())
      .pipe(finalize(() => this.loading.set(false)))
      .subscribe({
        next: (codes) => this.items.set(codes),
        error: (error: unknown) => this.notifier.show(error),
      });
  }

  revoke(code: ActivationCode): Observable<ActivationCode> {
    return this.api.revoke(code.id);
  }

  /** Shows a code as the API just returned it (or adds it on top when it is new). */
  replace(code: ActivationCode): void {
    this.items.update((items) =>
      items.some((item) => item.id === code.id) ? items.map((item) => (item.id === code.id ? code : item)) : [code, ...items],
    );
  }
}
