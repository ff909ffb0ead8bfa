import { Injectable, Logger } from '@nestjs/common';

/**
 * Staff sessions that ended: one (`tokenHash`: a logout), or every session of the account but
 * `exceptTokenHash` (a password change keeps the current one), or all of them (neither: roles
 * changed, account disabled, second factor reset).
 */
export interface StaffSessionsEnded {
  staffId: string;
  tokenHash?: string;
  exceptTokenHash?: string;
}

export type StaffSessionsEndedListener = (ended: StaffSessionsEnded) => void;

/**
 * In-process notice that staff sessions ended, for what holds a session open beyond one request (the
 * video signalling sockets close theirs). Emitted after the transaction that deleted the sessions
 * committed. Only this process's listeners hear it: with several api replicas, a socket on another
 * replica stays open until it closes by itself (see `VideoRooms`).
 */
@Injectable()
export class StaffSessionEvents {
  private readonly logger = new Logger(StaffSessionEvents.name);
  private readonly listeners = new Set<StaffSessionsEndedListener>();

  /** Returns the unsubscribe function. */
  subscribe(listener: StaffSessionsEndedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells every listener; one that throws is logged and does not stop the others (nor the request). */
  ended(ended: StaffSessionsEnded): void {
    for (const listener of this.listeners) {
      try {
        listener(ended);
      } catch (error) {
        this.logger.error({ staffId: ended.staffId, err: error instanceof Error ? { name: error.name, message: error.message } : String(error) }, 'staff session listener failed');
      }
    }
  }
}

/** Whether the session `tokenHash` of `staffId` is among those that ended. */
export function isAmongEnded(ended: StaffSessionsEnded, staffId: string, tokenHash: string): boolean {
  if (ended.staffId !== staffId) return false;
  if (ended.tokenHash !== undefined) return ended.tokenHash === tokenHash;
  return ended.exceptTokenHash === undefined || ended.exceptTokenHash !== tokenHash;
}
