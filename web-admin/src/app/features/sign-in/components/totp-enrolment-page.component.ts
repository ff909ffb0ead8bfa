import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  inject,
  Injector,
  input,
  OnInit,
  signal,
  viewChild,
} from '@angular/core';
import { CdkCopyToClipboard } from '@angular/cdk/clipboard';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { finalize } from 'rxjs';
import { TotpEnrolment, TotpEnrolmentResult } from '../../../core/auth/auth.models';
import { AuthService } from '../../../core/auth/auth.service';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { totpCodeValidator } from '../../../core/errors/form-errors';
import { toApiError } from '../../../core/http/api-error';
import { compactOneTimeCode, OneTimeCodeFieldComponent } from '../../../core/ui/one-time-code-field.component';
import { safeReturnUrl } from '../services/return-url';

/**
 * First sign-in of an account without a second factor: scan the QR code (or type the secret),
 * confirm with a first code, then note the recovery codes, which are shown only this once.
 */
@Component({
  selector: 'app-totp-enrolment-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    CdkCopyToClipboard,
    MatCardModule,
    MatButtonModule,
    MatCheckboxModule,
    MatIconModule,
    MatProgressBarModule,
    TranslatePipe,
    OneTimeCodeFieldComponent,
  ],
  templateUrl: './totp-enrolment-page.component.html',
  styleUrl: './sign-in-card.scss',
})
export class TotpEnrolmentPageComponent implements OnInit {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly notifier = inject(ErrorNotifier);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly injector = inject(Injector);
  private readonly codesHeading = viewChild<ElementRef<HTMLElement>>('codesHeading');

  readonly returnUrl = input<string | undefined>();

  protected readonly enrolment = signal<TotpEnrolment | null>(null);
  protected readonly result = signal<TotpEnrolmentResult | null>(null);
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly form = this.fb.group({
    code: ['', [Validators.required, totpCodeValidator]],
  });
  protected readonly savedForm = this.fb.group({
    saved: [false, [Validators.requiredTrue]],
  });

  ngOnInit(): void {
    this.auth
      .getTotpEnrolment()
      .pipe(finalize(() => this.loading.set(false)))
      .subscribe({
        next: (enrolment) => this.enrolment.set(enrolment),
        error: (error: unknown) => this.error.set(this.notifier.messageFor(toApiError(error))),
      });
  }

  protected confirm(): void {
    if (this.busy()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    this.auth
      .confirmTotpEnrolment(compactOneTimeCode(this.form.getRawValue().code))
      .pipe(finalize(() => this.busy.set(false)))
      .subscribe({
        next: (result) => {
          this.result.set(result);
          // The page changed under the member's feet: tell screen readers by moving focus to the new heading.
          afterNextRender(() => this.codesHeading()?.nativeElement.focus(), { injector: this.injector });
        },
        error: (error: unknown) => {
          this.error.set(this.notifier.formMessage(this.form, toApiError(error)));
          this.form.controls.code.reset();
        },
      });
  }

  protected copied(): void {
    this.notifier.info('common.copied');
  }

  protected finish(): void {
    const result = this.result();
    if (!result || this.savedForm.invalid) {
      this.savedForm.markAllAsTouched();
      return;
    }
    this.auth.startSession(result.me).subscribe(() => {
      void this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
    });
  }
}
