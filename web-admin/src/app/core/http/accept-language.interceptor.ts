import { HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { LanguageService } from '../i18n/language.service';

export function isApiUrl(url: string): boolean {
  return url.startsWith('/api/') || url === '/api' || url.startsWith('/health');
}

/** Every API call carries the UI language, so the API answers (errors included) in it. */
export const acceptLanguageInterceptor: HttpInterceptorFn = (req, next) => {
  if (!isApiUrl(req.url) || req.headers.has('Accept-Language')) {
    return next(req);
  }
  const language = inject(LanguageService).current();
  return next(req.clone({ setHeaders: { 'Accept-Language': language } }));
};
