import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, input, OnInit, signal, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { filter, finalize, Observable } from 'rxjs';
import { ControlErrorPipe } from '../../../core/errors/control-error.pipe';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { ApiError, toApiError } from '../../../core/http/api-error';
import { LanguageService } from '../../../core/i18n/language.service';
import { ConfirmDialogComponent, ConfirmDialogData } from '../../../core/ui/confirm-dialog.component';
import { DocumentPagesComponent } from '../../niss/components/document-pages.component';
import { NissApiService } from '../../niss/services/niss-api.service';
import { brusselsDateTime, brusselsTime } from '../shared/brussels-time';
import { VideoCallService } from '../shared/video-call.service';
import { AgentAppointmentView, ApprovedPerson, CHECKLIST_ITEMS, Checklist } from '../shared/video.models';
import { VideoStageComponent } from '../shared/video-stage.component';
import { VideoApiService } from '../services/video-api.service';
import { displayState, LIVENESS_QUESTIONS, stateTone } from '../services/video-format';

/** OCR field name → approval form control (the worker's names, as in the NISS wizard). */
const PREFILL: Record<string, keyof ApprovedPerson> = {
  surname: 'surname',
  givenNames: 'givenNames',
  birthDate: 'birthDate',
  sex: 'sex',
  nationalNumber: 'nationalNumber',
  nationality: 'nationality',
  documentType: 'documentType',
  documentNumber: 'documentNumber',
  issuingCountry: 'issuingState',
  issuingState: 'issuingState',
  validUntil: 'validUntil',
};

export const DOCUMENT_TYPES = ['identity_card', 'passport', 'residence_permit', 'other'] as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const COUNTRY = /^[A-Za-z]{3}$/;

/**
 * `/interviews/:id`: the interview. Left the video (the agent lets the citizen in, then offers); right the
 * ID copy with what the OCR read and the MRZ checks, the four-point checklist, stills, and the outcome.
 */
@Component({
  selector: 'app-video-session-page',
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
    TranslatePipe,
    ControlErrorPipe,
    DocumentPagesComponent,
    VideoStageComponent,
  ],
  providers: [
    VideoCallService,
    // The page viewer of the NISS review, fed with the ID copy's pages (its `documentId` is the appointment id here).
    {
      provide: NissApiService,
      useFactory: () => {
        const api = inject(VideoApiService);
        return { page: (appointmentId: string, n: number) => api.idCopyPage(appointmentId, n) };
      },
    },
  ],
  templateUrl: './video-session-page.component.html',
  styleUrl: './video-session-page.component.scss',
})
export class VideoSessionPageComponent implements OnInit {
  private readonly api = inject(VideoApiService);
  private readonly notifier = inject(ErrorNotifier);
  private readonly language = inject(LanguageService);
  private readonly dialog = inject(MatDialog);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly call = inject(VideoCallService);
  private readonly stage = viewChild(VideoStageComponent);

  /** Route parameter. */
  readonly id = input.required<string>();

  protected readonly checklistItems = CHECKLIST_ITEMS;
  protected readonly documentTypes = DOCUMENT_TYPES;
  protected readonly stateTone = stateTone;
  protected readonly appointment = signal<AgentAppointmentView | null>(null);
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly activationCode = signal<string | null>(null);
  protected readonly liveness = signal<string>(LIVENESS_QUESTIONS[0]);
  protected readonly stills = signal<{ id: string; takenAt: string; url: string | null }[]>([]);

  protected readonly checklist = this.fb.group({
    faceMatches: [false],
    documentGenuine: [false],
    dataConfirmed: [false],
    livenessChecked: [false],
  });
  private readonly checks = toSignal(this.checklist.valueChanges, { initialValue: this.checklist.getRawValue() });
  protected readonly allChecked = computed(() => CHECKLIST_ITEMS.every((item) => this.checks()[item] === true));

  /** Digital keys active on the citizen's e-mail (from the appointment, or from the API's 409 when some appeared since). */
  protected readonly activeKeys = signal(0);
  /** The agent confirms that those keys will be deactivated when the new key is activated (as the desk clerk does). */
  protected readonly confirmReplaceKeys = this.fb.control(false);
  private readonly replaceConfirmed = toSignal(this.confirmReplaceKeys.valueChanges, { initialValue: false });
  protected readonly canApprove = computed(() => this.allChecked() && (this.activeKeys() === 0 || this.replaceConfirmed()));

  protected readonly person = this.fb.group({
    surname: ['', [Validators.required, Validators.maxLength(110)]],
    givenNames: ['', [Validators.required, Validators.maxLength(120)]],
    birthDate: ['', [Validators.required, Validators.pattern(DATE)]],
    sex: ['', Validators.required],
    nationalNumber: ['', Validators.pattern(/^[\d.\s-]{11,15}$/)],
    nationality: ['', [Validators.required, Validators.pattern(COUNTRY)]],
    documentType: ['', Validators.required],
    documentNumber: ['', [Validators.required, Validators.maxLength(20)]],
    issuingState: ['', [Validators.required, Validators.pattern(COUNTRY)]],
    validUntil: ['', [Validators.required, Validators.pattern(DATE)]],
  });

  protected readonly reason = this.fb.control('', [Validators.required, Validators.minLength(3), Validators.maxLength(500)]);

  /** The state shown: "waiting" also while the citizen is in the waiting room right now (live presence). */
  protected readonly shownState = computed(() => {
    const appointment = this.appointment();
    if (!appointment) return null;
    return displayState({ state: appointment.state, citizenWaiting: appointment.citizenWaiting || this.call.peerPresent() });
  });
  protected readonly inProgress = computed(() => this.appointment()?.state === 'in_progress');
  protected readonly canStart = computed(() => this.appointment()?.state === 'confirmed');
  protected readonly fields = computed(() => Object.entries(this.appointment()?.copy.fields ?? {}).filter(([, field]) => field?.value));

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stills().forEach((still) => still.url && URL.revokeObjectURL(still.url)));
    this.newLivenessQuestion();
  }

  ngOnInit(): void {
    this.api.appointment(this.id()).subscribe({
      next: (appointment) => {
        this.loading.set(false);
        this.show(appointment);
        this.prefill(appointment);
        this.loadStills(appointment);
        void this.call.startMedia().then(() => this.call.connect(appointment.id));
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.error.set(this.notifier.messageFor(toApiError(error)));
      },
    });
  }

  protected when(instant: string): string {
    return brusselsDateTime(instant, this.language.locale());
  }

  protected time(instant: string): string {
    return brusselsTime(instant, this.language.locale());
  }

  protected problem(key: string): string {
    const text = this.language.instant(key);
    return text === key ? this.language.instant('video.copy.problem_other') : text;
  }

  /** An OCR field's label (the worker may read fields the form does not know: shown by name). */
  protected fieldLabel(name: string): string {
    const key = `video.person.${name}`;
    const text = this.language.instant(key);
    return text === key ? name : text;
  }

  protected newLivenessQuestion(): void {
    const others = LIVENESS_QUESTIONS.filter((question) => question !== this.liveness());
    this.liveness.set(others[Math.floor(Math.random() * others.length)]);
  }

  protected start(): void {
    this.run(this.api.start(this.id()), (appointment) => {
      this.show(appointment);
      this.call.admit();
    });
  }

  protected toggleCamera(): void {
    if (!this.call.localStream()) {
      void this.call.startMedia();
      return;
    }
    this.call.setCameraOn(!this.call.cameraOn());
  }

  /** The citizen's picture as it is now, kept with the appointment. */
  protected takeStill(): void {
    const video = this.stage()?.remoteElement();
    if (!video || !video.videoWidth) {
      this.notifier.info('video.session.no_picture');
      return;
    }
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d')?.drawImage(video, 0, 0, canvas.width, canvas.height);
    canvas.toBlob((blob) => {
      if (!blob) return;
      this.run(this.api.addStill(this.id(), blob), (still) => {
        this.stills.update((stills) => [...stills, { ...still, url: URL.createObjectURL(blob) }]);
      });
    }, 'image/png');
  }

  protected approve(): void {
    if (!this.canApprove() || !this.inProgress()) return;
    if (this.person.invalid) {
      this.person.markAllAsTouched();
      this.error.set(this.language.instant('video.session.person_incomplete'));
      return;
    }
    const value = this.person.getRawValue();
    const person: ApprovedPerson = {
      surname: value.surname.trim(),
      givenNames: value.givenNames.trim(),
      birthDate: value.birthDate.trim(),
      sex: value.sex === 'F' ? 'F' : 'M',
      ...(value.nationalNumber.trim() ? { nationalNumber: value.nationalNumber.replace(/\D/g, '') } : {}),
      nationality: value.nationality.trim().toUpperCase(),
      documentType: value.documentType,
      documentNumber: value.documentNumber.trim().toUpperCase(),
      issuingState: value.issuingState.trim().toUpperCase(),
      validUntil: value.validUntil.trim(),
    };
    const checklist = this.checklist.getRawValue() as Checklist;
    this.run(
      this.api.approve(this.id(), checklist, person, this.activeKeys() > 0 && this.confirmReplaceKeys.value),
      (answer) => {
        this.show(answer.appointment);
        this.activationCode.set(answer.activationCode);
      },
      (error, raw) => {
        if (error.code !== 'video.keys_confirmation_required') return;
        // Keys appeared since the page was read: show the warning and ask again.
        const activeKeys = (raw as { error?: { activeKeys?: unknown } }).error?.activeKeys;
        this.activeKeys.set(typeof activeKeys === 'number' && activeKeys > 0 ? activeKeys : Math.max(1, this.activeKeys()));
        this.confirmReplaceKeys.setValue(false);
      },
    );
  }

  protected refuse(): void {
    if (this.reason.invalid) {
      this.reason.markAsTouched();
      return;
    }
    const data: ConfirmDialogData = {
      titleKey: 'video.session.refuse_title',
      messageKey: 'video.session.refuse_message',
      confirmKey: 'video.session.refuse_confirm',
    };
    this.dialog
      .open<ConfirmDialogComponent, ConfirmDialogData, boolean>(ConfirmDialogComponent, { data })
      .afterClosed()
      .pipe(filter((confirmed) => confirmed === true))
      .subscribe(() => this.run(this.api.refuse(this.id(), this.reason.value.trim()), (appointment) => this.show(appointment)));
  }

  protected noShow(): void {
    this.run(this.api.noShow(this.id()), (appointment) => this.show(appointment));
  }

  private show(appointment: AgentAppointmentView): void {
    this.appointment.set(appointment);
    if (appointment.activeKeysOnEmail !== this.activeKeys()) {
      this.activeKeys.set(appointment.activeKeysOnEmail);
      this.confirmReplaceKeys.setValue(false);
    }
    if (appointment.state === 'approved' || appointment.state === 'refused' || appointment.state === 'no_show') {
      this.checklist.disable();
    }
  }

  /** The approval form starts with what the OCR read; the agent corrects it with the person. */
  private prefill(appointment: AgentAppointmentView): void {
    for (const [name, field] of Object.entries(appointment.copy.fields ?? {})) {
      const control = PREFILL[name] ? this.person.get(PREFILL[name]) : null;
      const value = field?.value?.trim();
      if (!control || !value) continue;
      if (name === 'documentType') {
        control.setValue((DOCUMENT_TYPES as readonly string[]).includes(value) ? value : 'other');
      } else if (name === 'sex') {
        control.setValue(value.toUpperCase().startsWith('F') ? 'F' : value.toUpperCase().startsWith('M') ? 'M' : '');
      } else {
        control.setValue(value);
      }
    }
  }

  private loadStills(appointment: AgentAppointmentView): void {
    this.stills.set(appointment.stills.map((still) => ({ ...still, url: null })));
    for (const still of appointment.stills) {
      this.api.still(appointment.id, still.id).subscribe({
        next: (blob) => this.stills.update((list) => list.map((s) => (s.id === still.id ? { ...s, url: URL.createObjectURL(blob) } : s))),
        error: () => undefined,
      });
    }
  }

  private run<T>(call: Observable<T>, done: (value: T) => void, failed?: (error: ApiError, raw: unknown) => void): void {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    call.pipe(finalize(() => this.busy.set(false))).subscribe({
      next: done,
      error: (error: unknown) => {
        const apiError = toApiError(error);
        this.error.set(this.notifier.messageFor(apiError));
        failed?.(apiError, error);
      },
    });
  }
}
