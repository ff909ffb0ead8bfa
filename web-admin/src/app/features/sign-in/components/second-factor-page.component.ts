import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  inject,
  Injector,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { finalize, Observable } from 'rxjs';
import { Me } from '../../../core/auth/auth.models';
import { AuthService } from '../../../core/auth/auth.service';
import { ControlErrorPipe } from '../../../core/errors/control-error.pipe';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { totpCodeValidator } from '../../../core/errors/form-errors';
import { toApiError } from '../../../core/http/api-error';
import { compactOneTimeCode, OneTimeCodeFieldComponent } from '../../../core/ui/one-time-code-field.component';
import { safeReturnUrl } from '../services/return-url';

type Mode = 'totp' | 'recovery';

/** Second sign-in step: the 6-digit code of the authenticator app, or a recovery code. */
@Component({
  selector: 'app-second-factor-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    TranslatePipe,
    ControlErrorPipe,
    OneTimeCodeFieldComponent,
  ],
  templateUrl: './second-factor-page.component.html',
  styleUrl: './sign-in-card.scss',
})
export class SecondFactorPageComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly notifier = inject(ErrorNotifier);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly injector = inject(Injector);

  readonly returnUrl = input<string | undefined>();

  protected readonly mode = signal<Mode>('totp');
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly totpForm = this.fb.group({
    code: ['', [Validators.required, totpCodeValidator]],
  });
  protected readonly recoveryForm = this.fb.group({
    code: ['', [Validators.required]],
  });

  private readonly totpField = viewChild(OneTimeCodeFieldComponent);
  private readonly recoveryInput = viewChild<ElementRef<HTMLInputElement>>('recoveryInput');

  constructor() {
    // The member arrives here straight from the password step: put the cursor in the code field.
    afterNextRender(() => this.focusCode());
  }

  protected switchMode(mode: Mode): void {
    this.mode.set(mode);
    this.error.set(null);
    // Let the new field render, then put the cursor in it.
    afterNextRender(() => this.focusCode(), { injector: this.injector });
  }

  protected submitTotp(): void {
    const form = this.totpForm;
    if (form.invalid) {
      form.markAllAsTouched();
      return;
    }
    this.run(this.auth.verifyTotp(compactOneTimeCode(form.getRawValue().code)), form);
  }

  protected submitRecovery(): void {
    const form = this.recoveryForm;
    if (form.invalid) {
      form.markAllAsTouched();
      return;
    }
    this.run(this.auth.useRecoveryCode(form.getRawValue().code.trim()), form);
  }

  private run(call: Observable<Me>, form: typeof this.totpForm): void {
    if (this.busy()) {
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    call.pipe(finalize(() => this.busy.set(false))).subscribe({
      next: () => void this.router.navigateByUrl(safeReturnUrl(this.returnUrl())),
      error: (error: unknown) => {
        this.error.set(this.notifier.formMessage(form, toApiError(error)));
        form.controls.code.reset();
      },
    });
  }

  /** The field of the current mode (only one is on the page). */
  private focusCode(): void {
    (this.totpField() ?? this.recoveryInput()?.nativeElement)?.focus();
  }
}
