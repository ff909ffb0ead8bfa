import { inject, Pipe, PipeTransform } from '@angular/core';
import { AbstractControl } from '@angular/forms';
import { TranslateService } from '@ngx-translate/core';

/** Validator error → translation key (with the error's own parameters). */
const MESSAGES: Readonly<Record<string, (error: unknown) => [string, Record<string, unknown>?]>> = {
  required: () => ['validation.required'],
  email: () => ['validation.email'],
  minlength: (error) => ['validation.min_length', { min: (error as { requiredLength: number }).requiredLength }],
  maxlength: (error) => ['validation.max_length', { max: (error as { requiredLength: number }).requiredLength }],
  pattern: () => ['validation.pattern'],
  mismatch: () => ['validation.password_mismatch'],
  totpCode: () => ['validation.totp_code'],
};

/**
 * The message for a control's first error, in the current language. A `server` error carries the
 * API's already translated message. Impure on purpose: control errors change without new inputs.
 */
@Pipe({ name: 'controlError', pure: false })
export class ControlErrorPipe implements PipeTransform {
  private readonly translate = inject(TranslateService);

  transform(control: AbstractControl | null | undefined): string {
    const errors = control?.errors;
    // Read the language signal so an OnPush view re-renders the message when the language changes.
    this.translate.currentLang();
    if (!errors) {
      return '';
    }
    const server: unknown = errors['server'];
    if (typeof server === 'string') {
      return server;
    }
    for (const name of Object.keys(errors)) {
      const describe = MESSAGES[name];
      if (describe) {
        const [key, params] = describe(errors[name]);
        return String(this.translate.instant(key, params));
      }
    }
    return String(this.translate.instant('validation.invalid'));
  }
}
