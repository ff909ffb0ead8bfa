import { inject } from '@angular/core';
import { CanMatchFn, Router, UrlTree } from '@angular/router';
import { ErrorNotifier } from '../errors/error-notifier.service';
import { Role } from './auth.models';
import { SessionStore } from './session.store';

/** The sign-in page, remembering the URL being navigated to so the member comes back to it. */
function signInPage(router: Router): UrlTree {
  const target = router.currentNavigation()?.extractedUrl;
  const returnUrl = target ? router.serializeUrl(target) : router.url;
  const keep = returnUrl && returnUrl !== '/' && !returnUrl.startsWith('/login');
  return router.createUrlTree(['/login'], keep ? { queryParams: { returnUrl } } : {});
}

/** Only signed-in members get past; the others go to the sign-in page. */
export const authGuard: CanMatchFn = () => {
  const session = inject(SessionStore);
  const router = inject(Router);
  return session.signedIn() ? true : signInPage(router);
};

/** The sign-in pages are for signed-out visitors; a signed-in member goes home. */
export const guestGuard: CanMatchFn = () => {
  const session = inject(SessionStore);
  const router = inject(Router);
  return session.signedIn() ? router.createUrlTree(['/']) : true;
};

/**
 * Lets members holding at least one of `roles` through. A signed-out visitor goes to the sign-in
 * page; a member without the role is told they are not allowed and sent home.
 */
export function roleGuard(...roles: Role[]): CanMatchFn {
  return () => {
    const session = inject(SessionStore);
    const router = inject(Router);
    if (!session.signedIn()) {
      return signInPage(router);
    }
    if (session.hasAnyRole(roles)) {
      return true;
    }
    inject(ErrorNotifier).notAllowed();
    return router.createUrlTree(['/']);
  };
}
