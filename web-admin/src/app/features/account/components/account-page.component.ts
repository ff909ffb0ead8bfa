import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslatePipe } from '@ngx-translate/core';
import { finalize } from 'rxjs';
import { SessionStore } from '../../../core/auth/session.store';
import { ControlErrorPipe } from '../../../core/errors/control-error.pipe';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { applyFieldErrors, sameValueValidator } from '../../../core/errors/form-errors';
import { toApiError } from '../../../core/http/api-error';
import { LanguageService } from '../../../core/i18n/language.service';
import { MunicipalityNamePipe } from '../../../core/municipalities/municipality-name.pipe';
import { AccountApiService } from '../services/account-api.service';

export const MIN_PASSWORD_LENGTH = 12;

/** The member's account: who they are, and changing their password. */
@Component({
  selector: 'app-account-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    TranslatePipe,
    ControlErrorPipe,
    MunicipalityNamePipe,
  ],
  templateUrl: './account-page.component.html',
  styles: `
    .account-card {
      max-width: 560px;
      margin-bottom: 24px;
    }
    .account-card h2 {
      margin-top: 0;
    }
    .profile {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 6px 16px;
      margin: 0;
    }
    .profile dt {
      font-weight: 500;
    }
    .profile dd {
      margin: 0;
    }
    .actions {
      display: flex;
      justify-content: flex-end;
    }
  `,
})
export class AccountPageComponent {
  private readonly api = inject(AccountApiService);
  private readonly notifier = inject(ErrorNotifier);
  private readonly language = inject(LanguageService);

  protected readonly me = inject(SessionStore).me;
  protected readonly minLength = MIN_PASSWORD_LENGTH;
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly form = inject(NonNullableFormBuilder).group(
    {
      currentPassword: ['', [Validators.required]],
      newPassword: ['', [Validators.required, Validators.minLength(MIN_PASSWORD_LENGTH)]],
      confirmPassword: ['', [Validators.required]],
    },
    { validators: [sameValueValidator('newPassword', 'confirmPassword')] },
  );

  protected submit(formDirective: FormGroupDirective): void {
    if (this.busy()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { currentPassword, newPassword } = this.form.getRawValue();
    this.busy.set(true);
    this.error.set(null);
    this.api
      .changePassword(currentPassword, newPassword)
      .pipe(finalize(() => this.busy.set(false)))
      .subscribe({
        next: () => {
          formDirective.resetForm();
          this.notifier.info('account.password_changed');
        },
        error: (error: unknown) => {
          const apiError = toApiError(error);
          if (apiError.status === 401) {
            const message = this.language.instant('account.wrong_current_password');
            applyFieldErrors(this.form, [{ field: 'currentPassword', code: apiError.code ?? '', message }]);
            return;
          }
          this.error.set(this.notifier.formMessage(this.form, apiError));
        },
      });
  }
}
