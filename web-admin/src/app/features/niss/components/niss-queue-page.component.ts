import { ChangeDetectionStrategy, Component, computed, ElementRef, inject, signal, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { ActivatedRoute, ParamMap, Router, RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { debounceTime } from 'rxjs';
import { SessionStore } from '../../../core/auth/session.store';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { LocalDateTimePipe } from '../../../core/i18n/local-date-time.pipe';
import { NissApiService } from '../services/niss-api.service';
import { NissQueueStore } from '../services/niss-queue.store';
import {
  BulkResult,
  DOCUMENT_TYPES,
  EMPTY_QUEUE_FILTERS,
  Organisation,
  QueueFilters,
  QueueItem,
  REUPLOAD_REASONS,
  ReuploadReason,
} from '../services/niss.models';
import { NissAgePipe } from './niss-age.pipe';

const NATIONALITY = /^[A-Z]{3}$/;

/** The queue's filters read from the URL (anything malformed is ignored). */
export function filtersFromQuery(query: ParamMap): QueueFilters {
  const nationality = (query.get('nationality') ?? '').toUpperCase();
  return {
    organisationId: query.get('organisationId') ?? '',
    nationality: NATIONALITY.test(nationality) ? nationality : '',
    documentType: query.get('documentType') ?? '',
    awaitingReupload: query.get('awaitingReupload') === 'true',
    mine: query.get('mine') === 'true',
  };
}

/** The filters as URL query parameters (empty ones left out). */
export function queryFromFilters(filters: QueueFilters): Record<string, string | null> {
  return {
    organisationId: filters.organisationId || null,
    nationality: NATIONALITY.test(filters.nationality) ? filters.nationality : null,
    documentType: filters.documentType || null,
    awaitingReupload: filters.awaitingReupload ? 'true' : null,
    mine: filters.mine ? 'true' : null,
  };
}

/** The NISS operators' queue: oldest first, filters in the URL, keyboard navigation, bulk re-upload requests. */
@Component({
  selector: 'app-niss-queue-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSlideToggleModule,
    TranslatePipe,
    LocalDateTimePipe,
    NissAgePipe,
  ],
  providers: [NissQueueStore],
  templateUrl: './niss-queue-page.component.html',
  styleUrl: './niss-queue-page.component.scss',
})
export class NissQueuePageComponent {
  protected readonly store = inject(NissQueueStore);
  private readonly api = inject(NissApiService);
  private readonly notifier = inject(ErrorNotifier);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly session = inject(SessionStore);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly tableBody = viewChild<ElementRef<HTMLElement>>('tableBody');

  protected readonly documentTypes = DOCUMENT_TYPES;
  protected readonly reasons = REUPLOAD_REASONS;
  protected readonly organisations = signal<readonly Organisation[]>([]);
  protected readonly isSupervisor = computed(() => this.session.hasAnyRole(['supervisor']));
  protected readonly isAdmin = computed(() => this.session.hasAnyRole(['admin']));
  /** Index of the row the keyboard is on. */
  protected readonly selected = signal(0);
  protected readonly allChecked = computed(
    () => this.store.items().length > 0 && this.store.checkedItems().length === this.store.items().length,
  );
  protected readonly bulkResults = signal<readonly (BulkResult & { number: string })[]>([]);
  protected readonly bulkBusy = signal(false);

  protected readonly form = this.fb.group({ ...EMPTY_QUEUE_FILTERS });
  protected readonly bulkForm = this.fb.group({
    reason: this.fb.control<ReuploadReason>('quality_insufficient'),
    text: ['', [Validators.maxLength(500)]],
  });

  constructor() {
    this.api
      .organisations()
      .pipe(takeUntilDestroyed())
      .subscribe({ next: (list) => this.organisations.set(list), error: (error: unknown) => this.notifier.show(error) });
    this.route.queryParamMap.pipe(takeUntilDestroyed()).subscribe((query) => {
      const filters = filtersFromQuery(query);
      this.form.setValue(filters, { emitEvent: false });
      this.selected.set(0);
      this.store.load(filters);
    });
    this.form.valueChanges.pipe(debounceTime(300), takeUntilDestroyed()).subscribe(() => this.applyFilters());
  }

  protected applyFilters(): void {
    const raw = this.form.getRawValue();
    const filters = { ...raw, nationality: raw.nationality.trim().toUpperCase() };
    if (filters.nationality !== '' && !NATIONALITY.test(filters.nationality)) {
      return;
    }
    void this.router.navigate([], { relativeTo: this.route, queryParams: queryFromFilters(filters), replaceUrl: true });
  }

  protected resetFilters(): void {
    this.form.setValue({ ...EMPTY_QUEUE_FILTERS });
  }

  protected statusKey(item: QueueItem): string {
    return item.status === 'in_review' ? 'niss.status.in_review_by' : `niss.status.${item.status}`;
  }

  protected onKeydown(event: KeyboardEvent): void {
    const target = event.target as HTMLElement | null;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'BUTTON' || target.tagName === 'A')) {
      return;
    }
    const count = this.store.items().length;
    if (count === 0) {
      return;
    }
    if (event.key === 'j' || event.key === 'ArrowDown') {
      this.moveTo(Math.min(count - 1, this.selected() + 1));
      event.preventDefault();
    } else if (event.key === 'k' || event.key === 'ArrowUp') {
      this.moveTo(Math.max(0, this.selected() - 1));
      event.preventDefault();
    } else if (event.key === 'Enter') {
      const item = this.store.items()[this.selected()];
      if (item) {
        this.open(item);
      }
      event.preventDefault();
    }
  }

  protected moveTo(index: number): void {
    this.selected.set(index);
    this.tableBody()?.nativeElement.querySelector<HTMLElement>(`tr[data-index="${index}"]`)?.focus();
  }

  /**
   * A click on a ticket's number: claims then opens it, as Enter does. A plain href, not a routerLink:
   * RouterLink navigates at once even when the click is prevented, and the review page then loads the
   * ticket before the claim commits, sees it pending, claims again and is refused as "another operator".
   * A click that opens a new tab is left to the browser (the review page claims the ticket there).
   */
  protected openFromLink(event: MouseEvent, item: QueueItem): void {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    this.open(item);
  }

  /** Opens a ticket, claiming it first when nobody holds it. */
  protected open(item: QueueItem): void {
    const go = () => void this.router.navigate(['/niss/tickets', item.id]);
    if (item.status !== 'pending') {
      go();
      return;
    }
    this.api.claim(item.id).subscribe({ next: go, error: (error: unknown) => this.notifier.show(error) });
  }

  protected sendBulk(): void {
    const { reason, text } = this.bulkForm.getRawValue();
    const items = this.store.checkedItems();
    if (items.length === 0 || (reason === 'other' && text.trim() === '')) {
      this.bulkForm.controls.text.markAsTouched();
      return;
    }
    const numbers = new Map(items.map((item) => [item.id, item.number]));
    this.bulkBusy.set(true);
    this.api
      .bulkReupload(
        items.map((item) => item.id),
        reason,
        text.trim() || null,
      )
      .subscribe({
        next: (results) => {
          this.bulkBusy.set(false);
          this.bulkResults.set(results.map((result) => ({ ...result, number: numbers.get(result.ticketId) ?? result.ticketId })));
          this.store.toggleAll(false);
          this.bulkForm.reset();
          this.store.reload();
        },
        error: (error: unknown) => {
          this.bulkBusy.set(false);
          this.notifier.show(error);
        },
      });
  }
}
