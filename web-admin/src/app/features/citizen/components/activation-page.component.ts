import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  ElementRef,
  inject,
  Injector,
  input,
  OnInit,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { CdkCopyToClipboard } from '@angular/cdk/clipboard';
import { NgTemplateOutlet } from '@angular/common';
import { toSignal } from '@angular/core/rxjs-interop';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatRadioModule } from '@angular/material/radio';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { ControlErrorPipe } from '../../../core/errors/control-error.pipe';
import { ErrorNotifier } from '../../../core/errors/error-notifier.service';
import { applyFieldErrors, totpCodeValidator } from '../../../core/errors/form-errors';
import { LanguageService } from '../../../core/i18n/language.service';
import { compactOneTimeCode, OneTimeCodeFieldComponent } from '../../../core/ui/one-time-code-field.component';
import { PasswordFieldComponent } from '../../../core/ui/password-field.component';
import { ACTIVATION_STAGES, ActivationStore } from '../services/activation.store';
import { KEY_KINDS, KeyKind } from '../services/citizen.models';
import { ACTIVATION_CODE_PATTERN, USERNAME_PATTERN } from '../services/password-rules';
import { ActivationCodeFieldComponent } from './activation-code-field.component';
import { PasswordHintsComponent } from './password-hints.component';

/** 3–64 of a-z 0-9 . _ - (upper case is accepted and lowered, as the API does). */
function usernameValidator(control: AbstractControl): ValidationErrors | null {
  const value = String(control.value ?? '').trim().toLowerCase();
  return value === '' || USERNAME_PATTERN.test(value) ? null : { pattern: true };
}

/**
 * `/activate?t=<link token>`: activating a digital key with the code from the letter (seed 001 §3):
 * the code, the kind of key, username and password, then the registration code (or the first code
 * of the authenticator app). A page reload resumes the enrolment open in this browser.
 */
@Component({
  selector: 'app-activation-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [ActivationStore],
  imports: [
    ReactiveFormsModule,
    NgTemplateOutlet,
    RouterLink,
    CdkCopyToClipboard,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    MatRadioModule,
    TranslatePipe,
    ControlErrorPipe,
    ActivationCodeFieldComponent,
    OneTimeCodeFieldComponent,
    PasswordFieldComponent,
    PasswordHintsComponent,
  ],
  templateUrl: './activation-page.component.html',
  styleUrl: './citizen-card.scss',
})
export class ActivationPageComponent implements OnInit {
  protected readonly store = inject(ActivationStore);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly notifier = inject(ErrorNotifier);
  private readonly language = inject(LanguageService);
  private readonly injector = inject(Injector);
  private readonly heading = viewChild<ElementRef<HTMLElement>>('stepHeading');

  /** The link token (`?t=`), bound from the query string. */
  readonly t = input<string | undefined>();

  protected readonly stages = ACTIVATION_STAGES;
  protected readonly kinds = KEY_KINDS;
  protected readonly stageIndex = computed(() => ACTIVATION_STAGES.indexOf(this.store.stage()));

  protected readonly code = signal('');
  protected readonly codeIncomplete = signal(false);

  protected readonly keyForm = this.fb.group({
    kind: this.fb.control<KeyKind>('email_code', Validators.required),
    phone: [''],
  });
  private readonly kind = toSignal(this.keyForm.controls.kind.valueChanges, { initialValue: this.keyForm.controls.kind.value });
  protected readonly wantsSms = computed(() => this.kind() === 'sms_code');

  protected readonly credentialsForm = this.fb.group({
    username: ['', [Validators.required, usernameValidator]],
    password: ['', [Validators.required]],
  });
  protected readonly typedUsername = toSignal(this.credentialsForm.controls.username.valueChanges, { initialValue: '' });
  protected readonly typedPassword = toSignal(this.credentialsForm.controls.password.valueChanges, { initialValue: '' });

  protected readonly confirmForm = this.fb.group({ code: ['', [Validators.required, totpCodeValidator]] });

  /** "until 10:35" for the registration code waiting to be typed. */
  protected readonly codeValidUntil = computed(() => {
    const expiresAt = this.store.enrolment()?.codeExpiresAt;
    return expiresAt
      ? new Intl.DateTimeFormat(this.language.locale(), { hour: '2-digit', minute: '2-digit' }).format(new Date(expiresAt))
      : null;
  });

  constructor() {
    // A new step replaces the form under the citizen's eyes: move focus to its heading so screen
    // readers announce it (not on the first render).
    let previous: string | null = null;
    effect(() => {
      const stage = this.store.stage();
      const loading = this.store.loading();
      untracked(() => {
        if (!loading && previous !== null && previous !== stage) {
          afterNextRender(() => this.heading()?.nativeElement.focus(), { injector: this.injector });
        }
        if (!loading) {
          previous = stage;
        }
      });
    });
  }

  ngOnInit(): void {
    this.store.resume();
  }

  protected submitCode(): void {
    const code = this.code();
    const token = this.t();
    if (this.store.busy() || !token) {
      return;
    }
    if (!ACTIVATION_CODE_PATTERN.test(code)) {
      this.codeIncomplete.set(true);
      return;
    }
    this.codeIncomplete.set(false);
    this.store.start(token, code).subscribe((ok) => {
      if (ok) {
        this.keyForm.reset({ kind: 'email_code', phone: '' });
      }
    });
  }

  protected submitKey(): void {
    if (this.store.busy() || this.keyForm.invalid) {
      return;
    }
    const { kind, phone } = this.keyForm.getRawValue();
    this.store.chooseKey(kind, kind === 'sms_code' ? phone.trim() : undefined).subscribe((ok) => {
      if (!ok) {
        applyFieldErrors(this.keyForm, this.store.failure()?.fieldErrors ?? []);
      } else {
        this.credentialsForm.reset({ username: '', password: '' });
      }
    });
  }

  protected submitCredentials(): void {
    if (this.store.busy()) {
      return;
    }
    if (this.credentialsForm.invalid) {
      this.credentialsForm.markAllAsTouched();
      return;
    }
    const { username, password } = this.credentialsForm.getRawValue();
    this.store.setCredentials(username.trim().toLowerCase(), password).subscribe((ok) => {
      if (ok) {
        this.confirmForm.reset({ code: '' });
      } else {
        applyFieldErrors(this.credentialsForm, this.store.failure()?.fieldErrors ?? []);
      }
    });
  }

  protected changeKey(): void {
    this.store.changeKey();
  }

  protected newCode(): void {
    if (!this.store.busy()) {
      this.store.newCode(this.language.instant('citizen.confirm.new_code_sent')).subscribe();
    }
  }

  protected submitConfirm(): void {
    if (this.store.busy()) {
      return;
    }
    if (this.confirmForm.invalid) {
      this.confirmForm.markAllAsTouched();
      return;
    }
    // A refused code stays in the field, so the citizen sees what was typed and corrects it.
    this.store.confirm(compactOneTimeCode(this.confirmForm.getRawValue().code)).subscribe();
  }

  protected copied(): void {
    this.notifier.info('common.copied');
  }
}
