import { DestroyRef, inject, Injectable } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatPaginatorIntl } from '@angular/material/paginator';
import { TranslateService } from '@ngx-translate/core';

/** Paginator labels in the current language, refreshed on every language change. */
@Injectable()
export class TranslatedPaginatorIntl extends MatPaginatorIntl {
  private readonly translate = inject(TranslateService);

  constructor() {
    super();
    this.applyLabels();
    this.translate.onLangChange.pipe(takeUntilDestroyed(inject(DestroyRef))).subscribe(() => {
      this.applyLabels();
      this.changes.next();
    });
  }

  override getRangeLabel = (page: number, pageSize: number, length: number): string => {
    if (length === 0 || pageSize === 0) {
      return this.text('paginator.range_empty', { total: length });
    }
    const start = page * pageSize + 1;
    const end = Math.min(length, (page + 1) * pageSize);
    return this.text('paginator.range', { start, end, total: length });
  };

  private applyLabels(): void {
    this.itemsPerPageLabel = this.text('paginator.items_per_page');
    this.nextPageLabel = this.text('paginator.next_page');
    this.previousPageLabel = this.text('paginator.previous_page');
    this.firstPageLabel = this.text('paginator.first_page');
    this.lastPageLabel = this.text('paginator.last_page');
  }

  private text(key: string, params?: Record<string, unknown>): string {
    return String(this.translate.instant(key, params));
  }
}
