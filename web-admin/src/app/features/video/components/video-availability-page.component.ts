import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { Observable } from 'rxjs';
import { SessionStore } from '../../../core/auth/session.store';
import { ControlErrorPipe } from '../../../core/errors/control-error.pipe';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { LanguageService } from '../../../core/i18n/language.service';
import { brusselsDate, longDay } from '../shared/brussels-time';
import { VIDEO_CLOCK } from '../shared/slot-picker.component';
import { Availability, AvailabilityException, CapacityDay, NewException, VideoAgent } from '../shared/video.models';
import { VideoApiService } from '../services/video-api.service';

export const CAPACITY_DAYS = 14;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
type ExceptionType = 'day_off' | 'unavailable_span' | 'extra';

/** `/interviews/availability`: weekly patterns and exceptions of an agent; supervisors also see the capacity. */
@Component({
  selector: 'app-video-availability-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    FormsModule,
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    TranslatePipe,
    ControlErrorPipe,
  ],
  templateUrl: './video-availability-page.component.html',
  styleUrl: './video-console.scss',
})
export class VideoAvailabilityPageComponent {
  private readonly api = inject(VideoApiService);
  private readonly notifier = inject(ErrorNotifier);
  private readonly language = inject(LanguageService);
  private readonly session = inject(SessionStore);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly today = brusselsDate(inject(VIDEO_CLOCK)());

  protected readonly supervisor = this.session.hasAnyRole(['supervisor', 'admin']);
  protected readonly weekdays = [1, 2, 3, 4, 5, 6, 7];
  protected readonly availability = signal<Availability | null>(null);
  protected readonly agentId = signal<string | null>(null);
  protected readonly agents = signal<VideoAgent[]>([]);
  protected readonly capacity = signal<CapacityDay[] | null>(null);
  protected readonly busy = signal(false);
  protected readonly patterns = computed(() =>
    [...(this.availability()?.patterns ?? [])].sort((a, b) => a.weekday - b.weekday || a.startTime.localeCompare(b.startTime)),
  );
  protected readonly exceptions = computed(() => [...(this.availability()?.exceptions ?? [])].sort((a, b) => a.day.localeCompare(b.day)));
  protected readonly capacityScale = computed(() => Math.max(1, ...(this.capacity() ?? []).map((day) => day.slots)));

  protected readonly patternForm = this.fb.group({
    weekday: [1, Validators.required],
    startTime: ['09:00', [Validators.required, Validators.pattern(TIME)]],
    endTime: ['12:00', [Validators.required, Validators.pattern(TIME)]],
    slotMinutes: [30, [Validators.required, Validators.min(10), Validators.max(120)]],
    validFrom: [this.today, Validators.required],
    validUntil: [''],
  });

  protected readonly exceptionForm = this.fb.group({
    day: [this.today, Validators.required],
    type: ['day_off' as ExceptionType, Validators.required],
    startTime: ['', Validators.pattern(TIME)],
    endTime: ['', Validators.pattern(TIME)],
    slotMinutes: [30, [Validators.min(10), Validators.max(120)]],
    note: ['', Validators.maxLength(200)],
  });

  constructor() {
    this.load();
    if (this.supervisor) {
      this.api.agents().subscribe({ next: (agents) => this.agents.set(agents), error: (error: unknown) => this.notifier.show(error) });
      this.api.capacity(this.today, CAPACITY_DAYS).subscribe({
        next: (days) => this.capacity.set(days),
        error: (error: unknown) => this.notifier.show(error),
      });
    }
  }

  protected chooseAgent(agentId: string | null): void {
    this.agentId.set(agentId);
    this.load();
  }

  protected dayLabel(date: string): string {
    return longDay(date, this.language.locale());
  }

  protected percent(value: number): number {
    return Math.round((value / this.capacityScale()) * 100);
  }

  protected exceptionLabel(exception: AvailabilityException): string {
    if (exception.kind === 'extra') return 'video.availability.type_extra';
    return exception.startTime ? 'video.availability.type_unavailable_span' : 'video.availability.type_day_off';
  }

  protected addPattern(): void {
    if (this.patternForm.invalid) {
      this.patternForm.markAllAsTouched();
      return;
    }
    const value = this.patternForm.getRawValue();
    if (value.endTime <= value.startTime) {
      this.notifier.info('video.availability.end_after_start');
      return;
    }
    this.run(
      this.api.addPattern({
        ...(this.agentId() ? { agentId: this.agentId() as string } : {}),
        weekday: Number(value.weekday),
        startTime: value.startTime,
        endTime: value.endTime,
        slotMinutes: Number(value.slotMinutes),
        validFrom: value.validFrom,
        ...(value.validUntil ? { validUntil: value.validUntil } : {}),
      }),
    );
  }

  protected addException(): void {
    if (this.exceptionForm.invalid) {
      this.exceptionForm.markAllAsTouched();
      return;
    }
    const value = this.exceptionForm.getRawValue();
    const span = value.type !== 'day_off';
    if (span && (!value.startTime || !value.endTime || value.endTime <= value.startTime)) {
      this.notifier.info('video.availability.end_after_start');
      return;
    }
    const exception: NewException = {
      ...(this.agentId() ? { agentId: this.agentId() as string } : {}),
      day: value.day,
      kind: value.type === 'extra' ? 'extra' : 'unavailable',
      ...(span ? { startTime: value.startTime, endTime: value.endTime } : {}),
      ...(value.type === 'extra' ? { slotMinutes: Number(value.slotMinutes) } : {}),
      ...(value.note.trim() ? { note: value.note.trim() } : {}),
    };
    this.run(this.api.addException(exception));
  }

  protected deletePattern(id: string): void {
    this.run(this.api.deletePattern(id));
  }

  protected deleteException(id: string): void {
    this.run(this.api.deleteException(id));
  }

  private run(call: Observable<unknown>): void {
    this.busy.set(true);
    call.subscribe({
      next: () => {
        this.busy.set(false);
        this.notifier.info('video.availability.saved');
        this.load();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.notifier.show(error);
      },
    });
  }

  private load(): void {
    this.api.availability(this.agentId()).subscribe({
      next: (availability) => this.availability.set(availability),
      error: (error: unknown) => this.notifier.show(error),
    });
  }
}
