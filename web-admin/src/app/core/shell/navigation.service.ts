import { computed, inject, Injectable } from '@angular/core';
import { SessionStore } from '../auth/session.store';
import { DevMailboxProbe } from './dev-mailbox-probe.service';
import { NAV_ITEMS, NavItem } from './navigation';

/** The pages the signed-in member may open. */
@Injectable({ providedIn: 'root' })
export class NavigationService {
  private readonly session = inject(SessionStore);
  private readonly devMailbox = inject(DevMailboxProbe);

  readonly items = computed<readonly NavItem[]>(() => {
    const mailbox = this.devMailbox.available() === true;
    return NAV_ITEMS.filter((item) => this.session.hasAnyRole(item.roles) && (!item.needsDevMailbox || mailbox));
  });

  /** Probes optional pages the member's roles allow (the development mailbox). */
  refresh(): void {
    if (this.session.hasAnyRole(['admin'])) {
      this.devMailbox.check().subscribe();
    }
  }
}
