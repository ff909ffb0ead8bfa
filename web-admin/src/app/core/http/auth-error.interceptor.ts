import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject, Injector } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { SessionStore } from '../auth/session.store';
import { ErrorNotifier } from '../errors/error-notifier.service';
import { isApiUrl } from './accept-language.interceptor';
import { toApiError } from './api-error';
import { HANDLES_UNAUTHORIZED } from './http-context';

/**
 * 401 on any call that does not handle it itself → the session is gone: forget it and go to the
 * sign-in page, keeping where the member was. 403 → a translated "not allowed" message.
 * The error is always rethrown so the caller can stop its spinner.
 *
 * Router and friends are looked up only when needed: requests can start while the Router itself
 * is being constructed (e.g. translations loaded by the title strategy), and asking for it then
 * would be a circular dependency.
 */
export const authErrorInterceptor: HttpInterceptorFn = (req, next) => {
  const injector = inject(Injector);

  return next(req).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && isApiUrl(req.url)) {
        const notifier = injector.get(ErrorNotifier);
        if (error.status === 401) {
          const router = injector.get(Router);
          const session = injector.get(SessionStore);
          const handled = req.context.get(HANDLES_UNAUTHORIZED);
          const code = toApiError(error).code;
          const callerHandles = typeof handled === 'boolean' ? handled : code !== null && handled.includes(code);
          if (!callerHandles) {
            const wasSignedIn = session.signedIn();
            session.clear();
            const navigating = router.currentNavigation()?.extractedUrl;
            const returnUrl = navigating ? router.serializeUrl(navigating) : router.url;
            if (!returnUrl.startsWith('/login')) {
              if (wasSignedIn) {
                notifier.info('errors.session_expired');
              }
              void router.navigate(['/login'], { queryParams: returnUrl !== '/' ? { returnUrl } : {} });
            }
          }
        } else if (error.status === 403) {
          notifier.notAllowed();
        }
      }
      return throwError(() => error);
    }),
  );
};
