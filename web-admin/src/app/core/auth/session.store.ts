import { computed, Injectable, signal } from '@angular/core';
import { Me, Role } from './auth.models';

/**
 * Who is signed in. The single source of truth for the session on the client: guards, the shell
 * and the features read it; only the auth flows (and the language switch) write it.
 */
@Injectable({ providedIn: 'root' })
export class SessionStore {
  private readonly meState = signal<Me | null>(null);

  readonly me = this.meState.asReadonly();
  readonly signedIn = computed(() => this.meState() !== null);
  readonly roles = computed<readonly Role[]>(() => this.meState()?.roles ?? []);

  set(me: Me): void {
    this.meState.set(me);
  }

  clear(): void {
    this.meState.set(null);
  }

  /** True when the signed-in member holds at least one of `roles` (an empty list means "any member"). */
  hasAnyRole(roles: readonly Role[]): boolean {
    const mine = this.roles();
    if (this.meState() === null) {
      return false;
    }
    return roles.length === 0 || roles.some((role) => mine.includes(role));
  }
}
