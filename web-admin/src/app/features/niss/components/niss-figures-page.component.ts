import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { LocalDateTimePipe } from '../../../core/i18n/local-date-time.pipe';
import { minutesSince } from '../services/niss-format';
import { NissApiService } from '../services/niss-api.service';
import { Figures } from '../services/niss.models';
import { NissAgePipe } from './niss-age.pipe';

export const FIGURES_DAYS = 14;

/** Supervisors' figures: the queue now, and per day submitted vs auto-identified and time to decision. */
@Component({
  selector: 'app-niss-figures-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatIconModule, MatProgressBarModule, RouterLink, TranslatePipe, LocalDateTimePipe, NissAgePipe],
  templateUrl: './niss-figures-page.component.html',
  styleUrl: './niss-figures-page.component.scss',
})
export class NissFiguresPageComponent {
  private readonly api = inject(NissApiService);
  private readonly notifier = inject(ErrorNotifier);

  protected readonly days = FIGURES_DAYS;
  protected readonly figures = signal<Figures | null>(null);
  protected readonly loading = signal(true);
  protected readonly oldestAgeMinutes = computed(() => {
    const oldest = this.figures()?.oldestPendingSubmittedAt;
    return oldest ? minutesSince(oldest) : null;
  });
  /** The largest daily count: the bars' full width. */
  protected readonly scale = computed(() => Math.max(1, ...(this.figures()?.days ?? []).map((day) => day.submitted)));

  constructor() {
    this.api.figures(FIGURES_DAYS).subscribe({
      next: (figures) => {
        this.figures.set(figures);
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.notifier.show(error);
      },
    });
  }

  protected percent(value: number): number {
    return Math.round((value / this.scale()) * 100);
  }
}
