import { HttpErrorResponse, HttpEventType } from '@angular/common/http';
import { computed, DestroyRef, inject, Injectable, InjectionToken, signal } from '@angular/core';
import { finalize, Subscription, timer } from 'rxjs';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { ApiError, toApiError } from '../../../core/http/api-error';
import { LanguageService } from '../../../core/i18n/language.service';
import { CitizenAppointmentView } from '../../video/shared/video.models';
import { VideoCitizenApiService } from './video-citizen-api.service';

/** How long the page waits between two looks at a copy being checked. */
export const VIDEO_COPY_POLL_MS = new InjectionToken<number>('VIDEO_COPY_POLL_MS', { factory: () => 1500 });

export const ID_COPY_TYPES = ['image/jpeg', 'image/png', 'application/pdf'];
export const ID_COPY_MAX_FILES = 2;

export type AppointmentStage = 'loading' | 'code' | 'no_link' | 'appointment';

/** A refusal of the code or the link, as the page shows it. */
export interface AccessFailure {
  code: string | null;
  message: string;
  /** Wrong code: the tries left before the appointment locks. */
  attemptsLeft: number | null;
}

/**
 * One citizen's appointment page: opening it (link token + security code, or the session already
 * open in this browser), the ID copy upload and its check (polled), cancel and rebook.
 */
@Injectable()
export class CitizenAppointmentStore {
  private readonly api = inject(VideoCitizenApiService);
  private readonly notifier = inject(ErrorNotifier);
  private readonly language = inject(LanguageService);
  private readonly pollMs = inject(VIDEO_COPY_POLL_MS);

  readonly stage = signal<AppointmentStage>('loading');
  readonly appointment = signal<CitizenAppointmentView | null>(null);
  readonly busy = signal(false);
  readonly accessFailure = signal<AccessFailure | null>(null);
  readonly error = signal<string | null>(null);
  readonly uploadError = signal<string | null>(null);
  /** 0–100 while the files are being sent, else null. */
  readonly uploadProgress = signal<number | null>(null);
  readonly notice = signal<string | null>(null);

  readonly locked = computed(() => this.accessFailure()?.code === 'video.access.locked');
  readonly invalidLink = computed(() => this.accessFailure()?.code === 'video.access.invalid_link');
  readonly checking = computed(() => this.appointment()?.copy.status === 'checking');

  private poll: Subscription | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.poll?.unsubscribe());
  }

  /** The appointment session already open in this browser, else the code (with a link) or "open the link". */
  open(token: string | null): void {
    this.stage.set('loading');
    this.api.appointment().subscribe({
      next: (appointment) => this.show(appointment),
      error: () => this.stage.set(token ? 'code' : 'no_link'),
    });
  }

  enterCode(token: string, securityCode: string): void {
    if (this.busy()) return;
    this.busy.set(true);
    this.accessFailure.set(null);
    this.api
      .access(token, securityCode)
      .pipe(finalize(() => this.busy.set(false)))
      .subscribe({
        next: (appointment) => this.show(appointment),
        error: (error: unknown) => this.accessFailure.set(this.accessFailureOf(error)),
      });
  }

  /** Re-reads the appointment (after the call's outcome, or to refresh). */
  reload(): void {
    this.api.appointment().subscribe({
      next: (appointment) => this.show(appointment),
      error: (error: unknown) => this.failed(error),
    });
  }

  /** Checks the chosen files, then sends them; returns false (with `uploadError`) when they are refused here. */
  upload(files: readonly File[]): boolean {
    this.uploadError.set(null);
    if (files.length === 0) return false;
    if (files.length > ID_COPY_MAX_FILES) {
      this.uploadError.set(this.language.instant('video.copy.too_many_files'));
      return false;
    }
    if (files.some((file) => !ID_COPY_TYPES.includes(file.type))) {
      this.uploadError.set(this.language.instant('video.copy.wrong_type'));
      return false;
    }
    this.poll?.unsubscribe();
    this.uploadProgress.set(0);
    this.api
      .uploadIdCopy(files)
      .pipe(finalize(() => this.uploadProgress.set(null)))
      .subscribe({
        next: (event) => {
          if (event.type === HttpEventType.UploadProgress) {
            this.uploadProgress.set(event.total ? Math.round((100 * event.loaded) / event.total) : 50);
          } else if (event.type === HttpEventType.Response && event.body) {
            this.show(event.body);
          }
        },
        error: (error: unknown) => {
          const apiError = toApiError(error);
          if (apiError.status === 401) {
            this.lostSession();
            return;
          }
          this.uploadError.set(this.notifier.messageFor(apiError));
        },
      });
    return true;
  }

  cancel(): void {
    this.run(this.api.cancel(), 'video.appointment.cancelled_notice');
  }

  rebook(startsAt: string): void {
    this.run(this.api.rebook(startsAt), 'video.appointment.rebooked_notice');
  }

  private run(call: ReturnType<VideoCitizenApiService['cancel']>, noticeKey: string): void {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    this.notice.set(null);
    call.pipe(finalize(() => this.busy.set(false))).subscribe({
      next: (appointment) => {
        this.show(appointment);
        this.notice.set(this.language.instant(noticeKey));
      },
      error: (error: unknown) => this.failed(error),
    });
  }

  private show(appointment: CitizenAppointmentView): void {
    this.appointment.set(appointment);
    this.stage.set('appointment');
    this.poll?.unsubscribe();
    this.poll = null;
    if (appointment.copy.status === 'checking') {
      this.poll = timer(this.pollMs).subscribe(() =>
        this.api.appointment().subscribe({
          next: (next) => this.show(next),
          error: (error: unknown) => this.failed(error),
        }),
      );
    }
  }

  private failed(error: unknown): void {
    const apiError = toApiError(error);
    if (apiError.status === 401) {
      this.lostSession();
      return;
    }
    this.error.set(this.notifier.messageFor(apiError));
  }

  /** The appointment session is gone (ended, expired): back to the code. */
  private lostSession(): void {
    this.poll?.unsubscribe();
    this.appointment.set(null);
    this.stage.set('code');
    this.accessFailure.set({ code: 'video.access.required', message: this.language.instant('video.access.session_ended'), attemptsLeft: null });
  }

  private accessFailureOf(error: unknown): AccessFailure {
    const apiError: ApiError = toApiError(error);
    const body: unknown = error instanceof HttpErrorResponse ? error.error : null;
    const attempts = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['attemptsLeft'] : null;
    const attemptsLeft = typeof attempts === 'number' ? attempts : null;
    const fallbackKeys: Record<string, string> = {
      'video.access.wrong_code': 'video.access.wrong_code',
      'video.access.locked': 'video.access.locked',
      'video.access.invalid_link': 'video.access.invalid_link',
    };
    const fallback = apiError.code ? fallbackKeys[apiError.code] : undefined;
    const message =
      apiError.message ?? (fallback ? this.language.instant(fallback, { attempts: attemptsLeft ?? 0 }) : this.notifier.messageFor(apiError));
    return { code: apiError.code, message, attemptsLeft };
  }
}
