import { provideHttpClient, withInterceptors, withXsrfConfiguration } from '@angular/common/http';
import { ApplicationConfig, inject, provideAppInitializer, provideBrowserGlobalErrorListeners } from '@angular/core';
import { MatIconRegistry } from '@angular/material/icon';
import { MatPaginatorIntl } from '@angular/material/paginator';
import { provideRouter, TitleStrategy, withComponentInputBinding } from '@angular/router';
import { provideTranslateLoader, provideTranslateService } from '@ngx-translate/core';
import { catchError, firstValueFrom, of, switchMap } from 'rxjs';
import { routes } from './app.routes';
import { AuthService } from './core/auth/auth.service';
import { acceptLanguageInterceptor } from './core/http/accept-language.interceptor';
import { authErrorInterceptor } from './core/http/auth-error.interceptor';
import { HttpTranslateLoader } from './core/i18n/http-translate.loader';
import { LanguageService } from './core/i18n/language.service';
import { TranslatedPaginatorIntl } from './core/i18n/translated-paginator-intl';
import { TranslatedTitleStrategy } from './core/i18n/translated-title.strategy';

/**
 * Start-up: guess a language, ask the API who is signed in, then load the translations of the
 * member's language (or the guess). The first screen renders already translated.
 */
function initialise(): Promise<void> {
  inject(MatIconRegistry).setDefaultFontSetClass('material-symbols-outlined');
  const language = inject(LanguageService);
  const auth = inject(AuthService);
  const initial = language.detectInitial();
  language.preset(initial);
  return firstValueFrom(
    auth.restore().pipe(
      switchMap((me) => language.use(me?.language ?? initial)),
      catchError(() => of(undefined)),
    ),
  );
}

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(routes, withComponentInputBinding()),
    provideHttpClient(
      withXsrfConfiguration({ cookieName: 'XSRF-TOKEN', headerName: 'X-XSRF-TOKEN' }),
      withInterceptors([acceptLanguageInterceptor, authErrorInterceptor]),
    ),
    // No fallback language: the four files have the same keys (checked by translations.spec.ts),
    // so loading a second file on every start would buy nothing.
    provideTranslateService({ loader: provideTranslateLoader(HttpTranslateLoader) }),
    { provide: MatPaginatorIntl, useClass: TranslatedPaginatorIntl },
    { provide: TitleStrategy, useClass: TranslatedTitleStrategy },
    provideAppInitializer(initialise),
  ],
};
