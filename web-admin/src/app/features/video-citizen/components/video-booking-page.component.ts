import { afterNextRender, ChangeDetectionStrategy, Component, ElementRef, inject, Injector, signal, viewChild } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { TranslatePipe } from '@ngx-translate/core';
import { finalize } from 'rxjs';
import { ControlErrorPipe } from '../../../core/errors/control-error.pipe';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { toApiError } from '../../../core/http/api-error';
import { LanguageService } from '../../../core/i18n/language.service';
import { LANGUAGES } from '../../../core/i18n/languages';
import { brusselsDateTime } from '../../video/shared/brussels-time';
import { SlotPickerComponent } from '../../video/shared/slot-picker.component';
import { Booking, CitizenLanguage, Slot } from '../../video/shared/video.models';
import { VideoCitizenApiService } from '../services/video-citizen-api.service';

/** `/video`: how it works, a free slot, the citizen's name and e-mail, then the security code (shown once). */
@Component({
  selector: 'app-video-booking-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    TranslatePipe,
    ControlErrorPipe,
    SlotPickerComponent,
  ],
  templateUrl: './video-booking-page.component.html',
  styleUrl: './video-citizen.scss',
})
export class VideoBookingPageComponent {
  private readonly api = inject(VideoCitizenApiService);
  private readonly notifier = inject(ErrorNotifier);
  protected readonly language = inject(LanguageService);
  private readonly injector = inject(Injector);
  private readonly heading = viewChild<ElementRef<HTMLElement>>('stepHeading');

  protected readonly languages = LANGUAGES;
  protected readonly slot = signal<Slot | null>(null);
  protected readonly booking = signal<Booking | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  /** Bumped to rebuild the slot picker (fresh slots after one was taken). */
  protected readonly pickerKey = signal(0);

  protected readonly form = inject(NonNullableFormBuilder).group({
    givenNames: ['', [Validators.required, Validators.maxLength(120)]],
    surname: ['', [Validators.required, Validators.maxLength(110)]],
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
    language: [this.language.current() as CitizenLanguage, Validators.required],
  });

  protected when(instant: string): string {
    return brusselsDateTime(instant, this.language.locale());
  }

  protected pick(slot: Slot): void {
    this.slot.set(slot);
    this.error.set(null);
    this.focusHeading();
  }

  protected changeSlot(): void {
    this.slot.set(null);
    this.focusHeading();
  }

  protected submit(): void {
    const slot = this.slot();
    if (this.busy() || !slot) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const value = this.form.getRawValue();
    this.busy.set(true);
    this.error.set(null);
    this.api
      .book({
        startsAt: slot.startsAt,
        givenNames: value.givenNames.trim(),
        surname: value.surname.trim(),
        email: value.email.trim().toLowerCase(),
        language: value.language,
      })
      .pipe(finalize(() => this.busy.set(false)))
      .subscribe({
        next: (booking) => {
          this.booking.set(booking);
          this.focusHeading();
        },
        error: (error: unknown) => {
          const apiError = toApiError(error);
          if (apiError.code === 'video.slot_taken') {
            this.slot.set(null);
            this.pickerKey.update((key) => key + 1);
          }
          this.error.set(this.notifier.formMessage(this.form, apiError));
        },
      });
  }

  private focusHeading(): void {
    afterNextRender(() => this.heading()?.nativeElement.focus(), { injector: this.injector });
  }
}
