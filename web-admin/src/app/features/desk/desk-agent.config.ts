import { DOCUMENT, InjectionToken, inject } from '@angular/core';

/** Where the Sésame desk agent listens on the desk PC by default (`DESK_AGENT_PORT`, desk-agent/README.md). */
export const DEFAULT_DESK_AGENT_URL = 'ws://127.0.0.1:35990';

/**
 * The desk agent's WebSocket URL: the api writes its `DESK_AGENT_URL` setting into index.html (the
 * same value it allows in the page's CSP connect-src); the default when the page has none.
 */
export const DESK_AGENT_URL = new InjectionToken<string>('DESK_AGENT_URL', {
  providedIn: 'root',
  factory: () =>
    inject(DOCUMENT).querySelector<HTMLMetaElement>('meta[name="sesame-desk-agent-url"]')?.content || DEFAULT_DESK_AGENT_URL,
});

/** What the agent service needs from a WebSocket; the browser's `WebSocket` has it. */
export interface DeskAgentSocket {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** Opens the socket; tests swap it for a fake. */
export const DESK_AGENT_SOCKET_FACTORY = new InjectionToken<(url: string) => DeskAgentSocket>(
  'DESK_AGENT_SOCKET_FACTORY',
  { providedIn: 'root', factory: () => (url: string) => new WebSocket(url) },
);

/** The pairing token lives for the browser tab only (`sessionStorage`), never in `localStorage`. */
export const DESK_AGENT_TOKEN_STORAGE_KEY = 'sesame.deskAgentToken';

/** A card read gives up after this long (a real read takes 2–5 s). */
export const DESK_AGENT_READ_TIMEOUT_MS = 30_000;
/** A pairing step the agent does not answer gives up after this long. */
export const DESK_AGENT_REPLY_TIMEOUT_MS = 10_000;
/** Waits between reconnection attempts when the agent cannot be reached (the last one repeats). */
export const DESK_AGENT_RECONNECT_DELAYS_MS: readonly number[] = [1_000, 2_000, 4_000, 8_000, 15_000];
