import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { filter } from 'rxjs';
import { ControlErrorPipe } from '../../../core/errors/control-error.pipe';
import { LanguageService } from '../../../core/i18n/language.service';
import { ConfirmDialogComponent, ConfirmDialogData } from '../../../core/ui/confirm-dialog.component';
import { brusselsDateTime, brusselsTime } from '../../video/shared/brussels-time';
import { SlotPickerComponent } from '../../video/shared/slot-picker.component';
import { Slot } from '../../video/shared/video.models';
import { CitizenAppointmentStore, ID_COPY_TYPES } from '../services/citizen-appointment.store';

/**
 * `/video/appointment?t=…` (the link of the booking e-mail): the security code, then the appointment:
 * the ID copy to confirm it, cancel or rebook, the way into the interview, the outcome.
 */
@Component({
  selector: 'app-video-appointment-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    TranslatePipe,
    ControlErrorPipe,
    SlotPickerComponent,
  ],
  providers: [CitizenAppointmentStore],
  templateUrl: './video-appointment-page.component.html',
  styleUrl: './video-citizen.scss',
})
export class VideoAppointmentPageComponent implements OnInit {
  protected readonly store = inject(CitizenAppointmentStore);
  private readonly route = inject(ActivatedRoute);
  private readonly language = inject(LanguageService);
  private readonly dialog = inject(MatDialog);

  protected readonly accept = ID_COPY_TYPES.join(',');
  protected readonly token = signal<string | null>(null);
  protected readonly dragging = signal(false);
  protected readonly rebooking = signal(false);

  protected readonly codeForm = inject(NonNullableFormBuilder).group({
    securityCode: ['', [Validators.required, Validators.minLength(4), Validators.maxLength(20)]],
  });

  protected readonly appointment = this.store.appointment;
  protected readonly canUpload = computed(() => {
    const appointment = this.appointment();
    return appointment?.state === 'requested' && appointment.copy.status !== 'checking' && this.store.uploadProgress() === null;
  });

  ngOnInit(): void {
    const token = this.route.snapshot.queryParamMap.get('t');
    this.token.set(token);
    this.store.open(token);
  }

  protected when(instant: string): string {
    return brusselsDateTime(instant, this.language.locale());
  }

  protected time(instant: string): string {
    return brusselsTime(instant, this.language.locale());
  }

  /** A refusal reason of the copy check, by its message key (an unknown key reads as a general problem). */
  protected problem(key: string): string {
    const text = this.language.instant(key);
    return text === key ? this.language.instant('video.copy.problem_other') : text;
  }

  protected submitCode(): void {
    const token = this.token();
    if (!token) return;
    if (this.codeForm.invalid) {
      this.codeForm.markAllAsTouched();
      return;
    }
    const code = this.codeForm.getRawValue().securityCode.trim().toUpperCase().replace(/\s+/g, '');
    this.store.enterCode(token, code);
  }

  protected filesChosen(event: Event): void {
    const input = event.target as HTMLInputElement;
    const files = Array.from(input.files ?? []);
    input.value = '';
    this.store.upload(files);
  }

  protected dragOver(event: DragEvent): void {
    if (!this.canUpload()) return;
    event.preventDefault();
    this.dragging.set(true);
  }

  protected dropped(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(false);
    if (!this.canUpload()) return;
    this.store.upload(Array.from(event.dataTransfer?.files ?? []));
  }

  protected cancel(): void {
    const data: ConfirmDialogData = {
      titleKey: 'video.appointment.cancel_title',
      messageKey: 'video.appointment.cancel_message',
      confirmKey: 'video.appointment.cancel_confirm',
    };
    this.dialog
      .open<ConfirmDialogComponent, ConfirmDialogData, boolean>(ConfirmDialogComponent, { data })
      .afterClosed()
      .pipe(filter((confirmed) => confirmed === true))
      .subscribe(() => this.store.cancel());
  }

  protected rebook(slot: Slot): void {
    this.rebooking.set(false);
    this.store.rebook(slot.startsAt);
  }
}
