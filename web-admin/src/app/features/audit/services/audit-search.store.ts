import { inject, Injectable, signal } from '@angular/core';
import { finalize, Subscription } from 'rxjs';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { AuditApiService } from './audit-api.service';
import { AuditEntry, AuditFilters, EMPTY_AUDIT_FILTERS } from './audit.models';

/** The audit search: filters, page, results. One per page instance. */
@Injectable()
export class AuditSearchStore {
  private readonly api = inject(AuditApiService);
  private readonly notifier = inject(ErrorNotifier);
  private inFlight: Subscription | null = null;

  readonly filters = signal<AuditFilters>(EMPTY_AUDIT_FILTERS);
  readonly page = signal(1);
  readonly pageSize = signal(50);
  readonly items = signal<readonly AuditEntry[]>([]);
  readonly total = signal(0);
  readonly loading = signal(false);

  search(filters: AuditFilters): void {
    this.filters.set(filters);
    this.page.set(1);
    this.load();
  }

  goToPage(page: number, pageSize: number): void {
    this.page.set(page);
    this.pageSize.set(pageSize);
    this.load();
  }

  load(): void {
    this.inFlight?.unsubscribe();
    this.loading.set(true);
    this.inFlight = this.api
      .search(this.filters(), this.page(), this.pageSize())
      .pipe(finalize(() => this.loading.set(false)))
      .subscribe({
        next: (result) => {
          this.items.set(result.items);
          this.total.set(result.total);
        },
        error: (error: unknown) => this.notifier.show(error),
      });
  }
}
