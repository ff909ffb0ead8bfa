import { inject, Injectable } from '@angular/core';
import { FormGroup } from '@angular/forms';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ApiError, toApiError } from '../http/api-error';
import { LanguageService } from '../i18n/language.service';
import { applyFieldErrors } from './form-errors';

/** Tells the member what happened: API errors, confirmations, refusals. */
@Injectable({ providedIn: 'root' })
export class ErrorNotifier {
  private readonly snackBar = inject(MatSnackBar);
  private readonly language = inject(LanguageService);

  /** The API's own (already translated) message, else a translated generic one for the status. */
  messageFor(error: ApiError): string {
    if (error.message) {
      return error.message;
    }
    if (error.status === 0) {
      return this.language.instant('errors.network');
    }
    if (error.status === 403) {
      return this.language.instant('errors.forbidden');
    }
    if (error.status === 404) {
      return this.language.instant('errors.not_found');
    }
    if (error.status === 429) {
      return this.language.instant('errors.too_many_requests');
    }
    if (error.status >= 500) {
      return this.language.instant('errors.server');
    }
    return this.language.instant('errors.unexpected');
  }

  /**
   * What to show above a form the API refused: its field errors go under the matching fields, and
   * the message comes back only when some error has no field to show it (else null). A 429 without
   * a message of its own says how long to wait with `tooManyAttemptsKey` (`{{seconds}}`), if given.
   */
  formMessage(form: FormGroup, error: ApiError, tooManyAttemptsKey?: string): string | null {
    const unmatched = applyFieldErrors(form, error.fieldErrors);
    if (tooManyAttemptsKey && error.status === 429 && !error.message && error.retryAfterSeconds !== null) {
      return this.language.instant(tooManyAttemptsKey, { seconds: error.retryAfterSeconds });
    }
    return error.fieldErrors.length === 0 || unmatched.length > 0 ? this.messageFor(error) : null;
  }

  /**
   * Shows a failed call in a snackbar and returns it normalised. 401 and 403 are left out: the
   * HTTP interceptor already sent the member to sign in, or said they are not allowed.
   */
  show(error: unknown): ApiError {
    const apiError = toApiError(error);
    if (apiError.status !== 401 && apiError.status !== 403) {
      this.open(this.messageFor(apiError), true);
    }
    return apiError;
  }

  /** A translated "you are not allowed to do this". */
  notAllowed(): void {
    this.open(this.language.instant('errors.forbidden'), true);
  }

  /** A translated confirmation or information message. */
  info(key: string, params?: Record<string, unknown>): void {
    this.open(this.language.instant(key, params), false);
  }

  private open(message: string, isError: boolean): void {
    this.snackBar.open(message, this.language.instant('common.close'), {
      duration: isError ? 8000 : 4000,
      politeness: isError ? 'assertive' : 'polite',
      panelClass: isError ? 'app-snackbar-error' : undefined,
    });
  }
}
