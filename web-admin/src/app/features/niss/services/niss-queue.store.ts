import { computed, inject, Injectable, signal } from '@angular/core';
import { finalize, Subscription } from 'rxjs';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { NissApiService } from './niss-api.service';
import { EMPTY_QUEUE_FILTERS, QueueFilters, QueueItem } from './niss.models';

/** The operators' queue: filters, loaded pages (keyset), selection for bulk actions. One per page. */
@Injectable()
export class NissQueueStore {
  private readonly api = inject(NissApiService);
  private readonly notifier = inject(ErrorNotifier);
  private inFlight: Subscription | null = null;

  readonly filters = signal<QueueFilters>(EMPTY_QUEUE_FILTERS);
  readonly items = signal<readonly QueueItem[]>([]);
  readonly next = signal<string | null>(null);
  readonly loading = signal(false);
  /** Ticket ids ticked for a bulk action. */
  readonly checked = signal<ReadonlySet<string>>(new Set());
  readonly checkedItems = computed(() => this.items().filter((item) => this.checked().has(item.id)));

  /** Loads the first page for `filters`. */
  load(filters: QueueFilters): void {
    this.filters.set(filters);
    this.fetch(null);
  }

  reload(): void {
    this.fetch(null);
  }

  loadMore(): void {
    const next = this.next();
    if (next) {
      this.fetch(next);
    }
  }

  toggle(id: string, on: boolean): void {
    this.checked.update((set) => {
      const copy = new Set(set);
      if (on) copy.add(id);
      else copy.delete(id);
      return copy;
    });
  }

  toggleAll(on: boolean): void {
    this.checked.set(on ? new Set(this.items().map((item) => item.id)) : new Set());
  }

  private fetch(after: string | null): void {
    this.inFlight?.unsubscribe();
    this.loading.set(true);
    this.inFlight = this.api
      .queue(this.filters(), after)
      .pipe(finalize(() => this.loading.set(false)))
      .subscribe({
        next: (page) => {
          this.items.update((items) => (after ? [...items, ...page.items] : page.items));
          this.next.set(page.next);
          const ids = new Set(this.items().map((item) => item.id));
          this.checked.update((set) => new Set([...set].filter((id) => ids.has(id))));
        },
        error: (error: unknown) => this.notifier.show(error),
      });
  }
}
