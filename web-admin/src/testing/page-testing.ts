import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Type } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideTranslateService, TranslateService, TranslationObject } from '@ngx-translate/core';
import en from '../../public/i18n/en.json';
import { authErrorInterceptor } from '../app/core/http/auth-error.interceptor';

/**
 * Configures TestBed for `page`: its HTTP calls go through the app's auth interceptor to a testing
 * backend, with a router and the real `messages` of `language`. Returns the backend, to answer calls.
 */
export function configurePageTest(page: Type<unknown>, language = 'en', messages: TranslationObject = en): HttpTestingController {
  TestBed.configureTestingModule({
    imports: [page],
    providers: [provideHttpClient(withInterceptors([authErrorInterceptor])), provideHttpClientTesting(), provideRouter([]), provideTranslateService()],
  });
  const translate = TestBed.inject(TranslateService);
  translate.setTranslation(language, messages);
  translate.use(language);
  return TestBed.inject(HttpTestingController);
}

/** Finds controls in the rendered page (`root`, read at each call) the way a person names them. */
export function pageQueries(root: () => HTMLElement): {
  field(label: string): HTMLInputElement;
  button(name: string): HTMLButtonElement;
} {
  return {
    /** The input whose <mat-label> reads `label`, as a screen reader (and Playwright's getByLabel) finds it. */
    field(label: string): HTMLInputElement {
      const formField = Array.from(root().querySelectorAll('mat-form-field')).find(
        (candidate) => candidate.querySelector('mat-label')?.textContent?.trim() === label,
      );
      const input = formField?.querySelector('input');
      if (!input) {
        throw new Error(`No field labelled "${label}"`);
      }
      return input;
    },
    /** The button whose text is `name`. */
    button(name: string): HTMLButtonElement {
      const found = Array.from(root().querySelectorAll('button')).find((candidate) => candidate.textContent?.trim() === name);
      if (!found) {
        throw new Error(`No button "${name}"`);
      }
      return found;
    },
  };
}

/** Types `value` into `input`, then leaves the field, as a person does. */
export function typeInto(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input'));
  input.dispatchEvent(new Event('blur'));
}
