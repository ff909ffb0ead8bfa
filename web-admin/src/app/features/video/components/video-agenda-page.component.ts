import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, InjectionToken, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { interval, startWith, Subject, switchMap } from 'rxjs';
import { SessionStore } from '../../../core/auth/session.store';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { LanguageService } from '../../../core/i18n/language.service';
import { brusselsDate, brusselsTime, longDay } from '../shared/brussels-time';
import { VIDEO_CLOCK } from '../shared/slot-picker.component';
import { AgentAppointmentView, VideoAgent } from '../shared/video.models';
import { VideoApiService } from '../services/video-api.service';
import { displayState, stateTone } from '../services/video-format';

export const AGENDA_DAYS = 14;
/** How often the agenda is read again (presence in the waiting room changes by the minute). */
export const AGENDA_REFRESH_MS = new InjectionToken<number>('AGENDA_REFRESH_MS', { factory: () => 15_000 });

/** `/video`: today's and the coming interviews, refreshed every 15 s; supervisors pick an agent. */
@Component({
  selector: 'app-video-agenda-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatIconModule, MatProgressBarModule, MatSelectModule, TranslatePipe],
  templateUrl: './video-agenda-page.component.html',
  styleUrl: './video-console.scss',
})
export class VideoAgendaPageComponent {
  private readonly api = inject(VideoApiService);
  private readonly notifier = inject(ErrorNotifier);
  private readonly language = inject(LanguageService);
  private readonly now = inject(VIDEO_CLOCK);
  private readonly refreshMs = inject(AGENDA_REFRESH_MS);
  protected readonly supervisor = inject(SessionStore).hasAnyRole(['supervisor', 'admin']);

  protected readonly displayState = displayState;
  protected readonly stateTone = stateTone;
  protected readonly appointments = signal<AgentAppointmentView[] | null>(null);
  protected readonly agentId = signal<string | null>(null);
  protected readonly agents = signal<VideoAgent[]>([]);
  protected readonly loading = signal(false);
  protected readonly days = computed(() => {
    const groups = new Map<string, AgentAppointmentView[]>();
    for (const appointment of this.appointments() ?? []) {
      const day = brusselsDate(appointment.startsAt);
      groups.set(day, [...(groups.get(day) ?? []), appointment]);
    }
    return [...groups].map(([date, appointments]) => ({ date, appointments }));
  });

  private readonly refresh$ = new Subject<void>();

  constructor() {
    this.refresh$
      .pipe(
        // At once (not on the next tick, as timer(0, …) would), then every refreshMs.
        switchMap(() => interval(this.refreshMs).pipe(startWith(-1))),
        switchMap(() => {
          this.loading.set(true);
          return this.api.agenda(brusselsDate(this.now()), AGENDA_DAYS, this.agentId());
        }),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe({
        next: (appointments) => {
          this.loading.set(false);
          this.appointments.set(appointments);
        },
        error: (error: unknown) => {
          this.loading.set(false);
          this.notifier.show(error);
        },
      });
    this.refresh$.next();
    if (this.supervisor) {
      this.api.agents().subscribe({ next: (agents) => this.agents.set(agents), error: (error: unknown) => this.notifier.show(error) });
    }
  }

  protected refresh(): void {
    this.refresh$.next();
  }

  protected chooseAgent(agentId: string | null): void {
    this.agentId.set(agentId);
    this.refresh$.next();
  }

  protected dayLabel(date: string): string {
    return longDay(date, this.language.locale());
  }

  protected problemList(keys: readonly string[]): string {
    return keys
      .map((key) => {
        const text = this.language.instant(key);
        return text === key ? this.language.instant('video.copy.problem_other') : text;
      })
      .join(', ');
  }

  protected time(instant: string): string {
    return brusselsTime(instant, this.language.locale());
  }
}
