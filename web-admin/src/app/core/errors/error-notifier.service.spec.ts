import { provideHttpClient } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { FormControl, FormGroup } from '@angular/forms';
import { provideTranslateService, TranslateService } from '@ngx-translate/core';
import en from '../../../../public/i18n/en.json';
import { ApiError } from '../http/api-error';
import { ErrorNotifier } from './error-notifier.service';

function anApiError(overrides: Partial<ApiError> = {}): ApiError {
  return { status: 400, code: 'validation.failed', message: 'Some fields are not valid.', fieldErrors: [], retryAfterSeconds: null, ...overrides };
}

describe(ErrorNotifier.name, () => {
  let notifier: ErrorNotifier;
  let form: FormGroup<{ email: FormControl<string> }>;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideTranslateService()] });
    const translate = TestBed.inject(TranslateService);
    translate.setTranslation('en', en);
    translate.use('en');
    notifier = TestBed.inject(ErrorNotifier);
    form = new FormGroup({ email: new FormControl('', { nonNullable: true }) });
  });

  describe('formMessage', () => {
    it('puts field errors under their fields and has nothing more to say', () => {
      const error = anApiError({ fieldErrors: [{ field: 'email', code: 'isEmail', message: 'Not an address.' }] });

      expect(notifier.formMessage(form, error)).toBeNull();
      expect(form.controls.email.errors).toEqual({ server: 'Not an address.' });
      expect(form.controls.email.touched).toBe(true);
    });

    it("gives the API's message when an error has no field to show it", () => {
      const error = anApiError({ fieldErrors: [{ field: 'email', code: 'isEmail', message: 'Not an address.' }, { field: 'other', code: 'x', message: 'No.' }] });
      expect(notifier.formMessage(form, error)).toBe('Some fields are not valid.');
      expect(notifier.formMessage(form, anApiError({ status: 401, message: 'Wrong password.' }))).toBe('Wrong password.');
    });

    it('says how long to wait after too many attempts when the page has a message for it', () => {
      const error = anApiError({ status: 429, code: 'auth.too_many_attempts', message: null, retryAfterSeconds: 30 });
      expect(notifier.formMessage(form, error, 'sign_in.too_many_attempts')).toBe('Too many attempts. Try again in 30 seconds.');
      expect(notifier.formMessage(form, error)).toBe('Too many requests. Wait a moment and try again.');
    });
  });
});
