import { AbstractControl, FormGroup, ValidationErrors, ValidatorFn } from '@angular/forms';
import { ApiFieldError } from '../http/api-error';

/**
 * Puts the API's field errors on the matching controls (as a `server` error carrying the
 * translated message) and returns the ones no control matched, so they can be shown elsewhere.
 */
export function applyFieldErrors(form: FormGroup, errors: readonly ApiFieldError[]): ApiFieldError[] {
  const unmatched: ApiFieldError[] = [];
  for (const error of errors) {
    const control = form.get(error.field);
    if (control) {
      control.setErrors({ ...(control.errors ?? {}), server: error.message });
      control.markAsTouched();
    } else {
      unmatched.push(error);
    }
  }
  return unmatched;
}

/** Group validator: the two controls hold the same value, else `mismatch` on the second one. */
export function sameValueValidator(first: string, second: string): ValidatorFn {
  return (group: AbstractControl): ValidationErrors | null => {
    const a = group.get(first);
    const b = group.get(second);
    if (!a || !b) {
      return null;
    }
    const mismatch = a.value !== b.value && b.value !== '';
    const others = { ...(b.errors ?? {}) };
    delete others['mismatch'];
    if (mismatch) {
      b.setErrors({ ...others, mismatch: true });
    } else {
      b.setErrors(Object.keys(others).length ? others : null);
    }
    return null;
  };
}

/** A 6-digit authenticator code, optionally typed as "123 456". Empty is left to `required`. */
export const totpCodeValidator: ValidatorFn = (control: AbstractControl): ValidationErrors | null => {
  const value: unknown = control.value;
  if (typeof value !== 'string' || value === '') {
    return null;
  }
  return /^\s*\d{3}\s?\d{3}\s*$/.test(value) ? null : { totpCode: true };
};
