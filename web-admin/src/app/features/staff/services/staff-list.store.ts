import { inject, Injectable, signal } from '@angular/core';
import { finalize, Subscription } from 'rxjs';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { StaffApiService } from './staff-api.service';
import { Staff, StaffQuery } from './staff.models';

export const DEFAULT_STAFF_PAGE_SIZE = 20;

/** The staff table's state: query, current page of accounts, loading flag. One per page instance. */
@Injectable()
export class StaffListStore {
  private readonly api = inject(StaffApiService);
  private readonly notifier = inject(ErrorNotifier);
  private inFlight: Subscription | null = null;

  readonly query = signal<StaffQuery>({ search: '', page: 1, pageSize: DEFAULT_STAFF_PAGE_SIZE });
  readonly items = signal<readonly Staff[]>([]);
  readonly total = signal(0);
  readonly loading = signal(false);

  load(): void {
    this.inFlight?.unsubscribe();
    this.loading.set(true);
    this.inFlight = this.api
      .list(this.query())
      .pipe(finalize(() => this.loading.set(false)))
      .subscribe({
        next: (page) => {
          this.items.set(page.items);
          this.total.set(page.total);
        },
        error: (error: unknown) => this.notifier.show(error),
      });
  }

  search(text: string): void {
    const search = text.trim();
    if (search === this.query().search) {
      return;
    }
    this.query.update((query) => ({ ...query, search, page: 1 }));
    this.load();
  }

  goToPage(page: number, pageSize: number): void {
    this.query.update((query) => ({ ...query, page, pageSize }));
    this.load();
  }

  /** Shows an account as the API just returned it, without reloading the page. */
  replace(staff: Staff): void {
    this.items.update((items) => items.map((item) => (item.id === staff.id ? staff : item)));
  }
}
