import { inject } from '@angular/core';
import { CanMatchFn, Router } from '@angular/router';
import { map } from 'rxjs';
import { DevMailboxProbe } from '../../core/shell/dev-mailbox-probe.service';

/** The development mailbox page exists only when the API's mail catcher answers. */
export const devMailboxGuard: CanMatchFn = () => {
  const router = inject(Router);
  return inject(DevMailboxProbe)
    .check()
    .pipe(map((available) => available || router.createUrlTree(['/'])));
};
