import { ChangeDetectionStrategy, Component, computed, inject, InjectionToken, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslatePipe } from '@ngx-translate/core';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { toApiError } from '../../../core/http/api-error';
import { LanguageService } from '../../../core/i18n/language.service';
import { addDays, brusselsDate, brusselsTime, groupSlotsByDay, longDay } from './brussels-time';
import { Slot, SlotDay } from './video.models';
import { VideoSlotsService } from './video-slots.service';

/** "Now", for the first day shown (tests fix it). */
export const VIDEO_CLOCK = new InjectionToken<() => number>('VIDEO_CLOCK', { factory: () => () => Date.now() });

const DAYS_PER_WEEK = 7;

/**
 * The free slots of the coming weeks, one week at a time, per day in Belgian time. Emits the slot
 * picked; the page decides what happens next (book, rebook).
 */
@Component({
  selector: 'app-video-slot-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatIconModule, MatProgressBarModule, TranslatePipe],
  template: `
    <div class="week-nav">
      <button mat-icon-button type="button" (click)="showWeek(week() - 1)" [disabled]="week() === 0 || loading()"
              [attr.aria-label]="'video.slots.previous_week' | translate" data-testid="previous-week">
        <mat-icon>chevron_left</mat-icon>
      </button>
      <h2 class="week-title" [id]="headingId" aria-live="polite">
        {{ 'video.slots.week' | translate: { from: dayLabel(firstDay()), to: dayLabel(lastDay()) } }}
      </h2>
      <button mat-icon-button type="button" (click)="showWeek(week() + 1)" [disabled]="week() >= weeks() - 1 || loading()"
              [attr.aria-label]="'video.slots.next_week' | translate" data-testid="next-week">
        <mat-icon>chevron_right</mat-icon>
      </button>
    </div>
    <p class="zone-note">{{ 'video.slots.time_zone' | translate }}</p>
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" [attr.aria-label]="'common.loading' | translate" />
    }
    @if (error(); as message) {
      <p class="inline-error" role="alert">{{ message }}</p>
    }
    <ul class="days" [attr.aria-labelledby]="headingId">
      @for (day of days(); track day.date) {
        <li class="day" data-testid="slot-day" [attr.data-date]="day.date">
          <h3 class="day-title">{{ dayLabel(day.date) }}</h3>
          @if (day.slots.length > 0) {
            <div class="slots" role="group" [attr.aria-label]="dayLabel(day.date)">
              @for (slot of day.slots; track slot.startsAt) {
                <button mat-stroked-button type="button" class="slot" [class.selected]="slot.startsAt === selected()"
                        [attr.aria-pressed]="slot.startsAt === selected()"
                        [attr.aria-label]="'video.slots.slot_label' | translate: { day: dayLabel(day.date), time: time(slot.startsAt) }"
                        (click)="picked.emit(slot)" data-testid="slot" [attr.data-starts-at]="slot.startsAt">
                  {{ time(slot.startsAt) }}
                </button>
              }
            </div>
          } @else {
            <p class="no-slots">{{ 'video.slots.none_that_day' | translate }}</p>
          }
        </li>
      }
    </ul>
  `,
  styles: `
    :host { display: block; }
    .week-nav { display: flex; align-items: center; gap: 8px; }
    .week-title { flex: 1; margin: 0; text-align: center; font: var(--mat-sys-title-medium); }
    .zone-note { margin: 4px 0 12px; text-align: center; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .days { list-style: none; margin: 0; padding: 0; }
    .day { padding: 8px 0; border-top: 1px solid var(--mat-sys-outline-variant); }
    .day-title { margin: 0 0 8px; font: var(--mat-sys-title-small); text-transform: capitalize; }
    .slots { display: flex; flex-wrap: wrap; gap: 8px; }
    .slot.selected { background: var(--mat-sys-primary); color: var(--mat-sys-on-primary); }
    .no-slots { margin: 0; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-small); }
  `,
})
export class SlotPickerComponent {
  private readonly api = inject(VideoSlotsService);
  private readonly language = inject(LanguageService);
  private readonly notifier = inject(ErrorNotifier);
  private readonly now = inject(VIDEO_CLOCK);

  /** How many weeks ahead may be shown. */
  readonly weeks = input(2);
  /** The slot currently chosen (its start instant), highlighted. */
  readonly selected = input<string | null>(null);
  readonly picked = output<Slot>();

  protected readonly headingId = `slot-week-${Math.random().toString(36).slice(2, 8)}`;
  protected readonly week = signal(0);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly days = signal<SlotDay[]>([]);
  private readonly today = brusselsDate(this.now());
  protected readonly firstDay = computed(() => addDays(this.today, this.week() * DAYS_PER_WEEK));
  protected readonly lastDay = computed(() => addDays(this.firstDay(), DAYS_PER_WEEK - 1));

  constructor() {
    this.showWeek(0);
  }

  protected showWeek(week: number): void {
    if (week < 0 || week >= this.weeks()) {
      return;
    }
    this.week.set(week);
    const from = addDays(this.today, week * DAYS_PER_WEEK);
    this.loading.set(true);
    this.error.set(null);
    this.days.set(groupSlotsByDay([], from, DAYS_PER_WEEK));
    this.api.slots(from, DAYS_PER_WEEK).subscribe({
      next: (answer) => {
        this.days.set(groupSlotsByDay(answer.days, from, DAYS_PER_WEEK));
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.error.set(this.notifier.messageFor(toApiError(error)));
        this.loading.set(false);
      },
    });
  }

  protected dayLabel(date: string): string {
    return longDay(date, this.language.locale());
  }

  protected time(instant: string): string {
    return brusselsTime(instant, this.language.locale());
  }
}
