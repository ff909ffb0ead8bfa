import { afterNextRender, ChangeDetectionStrategy, Component, computed, ElementRef, inject, Injector, signal, viewChild } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { finalize, Observable } from 'rxjs';
import { ControlErrorPipe } from '../../../core/errors/control-error.pipe';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { totpCodeValidator } from '../../../core/errors/form-errors';
import { toApiError } from '../../../core/http/api-error';
import { LanguageService } from '../../../core/i18n/language.service';
import { compactOneTimeCode, OneTimeCodeFieldComponent } from '../../../core/ui/one-time-code-field.component';
import { PasswordFieldComponent } from '../../../core/ui/password-field.component';
import { CitizenApiService } from '../services/citizen-api.service';
import { LoginStep } from '../services/citizen.models';

/** `/citizen/login`: username and password, then the security code (e-mail, SMS or app). */
@Component({
  selector: 'app-citizen-login-page',
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
    OneTimeCodeFieldComponent,
    PasswordFieldComponent,
  ],
  templateUrl: './citizen-login-page.component.html',
  styleUrl: './citizen-card.scss',
})
export class CitizenLoginPageComponent {
  private readonly api = inject(CitizenApiService);
  private readonly router = inject(Router);
  private readonly notifier = inject(ErrorNotifier);
  private readonly language = inject(LanguageService);
  private readonly injector = inject(Injector);
  private readonly heading = viewChild<ElementRef<HTMLElement>>('stepHeading');

  protected readonly step = signal<LoginStep | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);

  protected readonly credentialsForm = inject(NonNullableFormBuilder).group({
    username: ['', [Validators.required]],
    password: ['', [Validators.required]],
  });
  protected readonly codeForm = inject(NonNullableFormBuilder).group({
    code: ['', [Validators.required, totpCodeValidator]],
  });

  protected readonly codeIntro = computed(() => {
    const step = this.step();
    if (!step || step.next === 'totp') {
      return 'citizen.login.code_intro_totp';
    }
    return step.keyKind === 'sms_code' ? 'citizen.login.code_intro_sms' : 'citizen.login.code_intro_email';
  });

  protected submitCredentials(): void {
    if (this.busy()) {
      return;
    }
    if (this.credentialsForm.invalid) {
      this.credentialsForm.markAllAsTouched();
      return;
    }
    const { username, password } = this.credentialsForm.getRawValue();
    this.call(this.api.login(username.trim(), password), (step) => {
      this.step.set(step);
      this.codeForm.reset({ code: '' });
      afterNextRender(() => this.heading()?.nativeElement.focus(), { injector: this.injector });
    }, () => this.credentialsForm.controls.password.reset());
  }

  protected submitCode(): void {
    if (this.busy()) {
      return;
    }
    if (this.codeForm.invalid) {
      this.codeForm.markAllAsTouched();
      return;
    }
    this.call(this.api.verify(compactOneTimeCode(this.codeForm.getRawValue().code)), () => {
      void this.router.navigate(['/citizen/connected']);
    });
  }

  protected newCode(): void {
    if (this.busy()) {
      return;
    }
    this.call(this.api.newLoginCode(), (step) => {
      this.step.set(step);
      this.notice.set(this.language.instant('citizen.login.new_code_sent'));
    });
  }

  protected startAgain(): void {
    this.step.set(null);
    this.error.set(null);
    this.notice.set(null);
    this.credentialsForm.reset({ username: this.credentialsForm.controls.username.value, password: '' });
    afterNextRender(() => this.heading()?.nativeElement.focus(), { injector: this.injector });
  }

  private call<T>(request: Observable<T>, done: (value: T) => void, failed?: () => void): void {
    this.busy.set(true);
    this.error.set(null);
    this.notice.set(null);
    request.pipe(finalize(() => this.busy.set(false))).subscribe({
      next: done,
      error: (error: unknown) => {
        const apiError = toApiError(error);
        if (apiError.code === 'citizen.session_required') {
          this.step.set(null);
        }
        const form = this.step() ? this.codeForm : this.credentialsForm;
        this.error.set(this.notifier.formMessage(form, apiError, 'citizen.login.too_many_attempts'));
        failed?.();
      },
    });
  }
}
