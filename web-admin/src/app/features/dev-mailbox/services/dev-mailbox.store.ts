import { computed, inject, Injectable, signal } from '@angular/core';
import { finalize, Observable, tap } from 'rxjs';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { DevMailboxApiService } from './dev-mailbox-api.service';
import { DevMail } from './dev-mail.models';

/** Caught mails and the one being read. One per page instance. */
@Injectable()
export class DevMailboxStore {
  private readonly api = inject(DevMailboxApiService);
  private readonly notifier = inject(ErrorNotifier);

  readonly mails = signal<readonly DevMail[]>([]);
  readonly loading = signal(false);
  readonly selectedId = signal<string | null>(null);
  readonly selected = computed(() => this.mails().find((mail) => mail.id === this.selectedId()) ?? null);

  /** Reloads the list; keeps the open mail when it is still there, else opens the newest. */
  load(): void {
    this.loading.set(true);
    this.api
      .list()
      .pipe(finalize(() => this.loading.set(false)))
      .subscribe({
        next: (mails) => {
          this.mails.set(mails);
          const selected = this.selectedId();
          if (!selected || !mails.some((mail) => mail.id === selected)) {
            this.selectedId.set(mails[0]?.id ?? null);
          }
        },
        error: (error: unknown) => this.notifier.show(error),
      });
  }

  select(id: string): void {
    this.selectedId.set(id);
  }

  clear(): Observable<void> {
    return this.api.clear().pipe(
      tap(() => {
        this.mails.set([]);
        this.selectedId.set(null);
      }),
    );
  }
}
