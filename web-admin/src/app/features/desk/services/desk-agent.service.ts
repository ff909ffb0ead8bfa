import { computed, DOCUMENT, inject, Injectable, signal } from '@angular/core';
import {
  AGENT_ERROR_CODES,
  AgentErrorCode,
  AgentMessage,
  CardReadResult,
  ClientMessage,
  ErrorMessage,
  PROTOCOL_VERSION,
  ReaderCardState,
  ReaderStatus,
} from '@sesame/desk-protocol';
import {
  DESK_AGENT_READ_TIMEOUT_MS,
  DESK_AGENT_RECONNECT_DELAYS_MS,
  DESK_AGENT_REPLY_TIMEOUT_MS,
  DESK_AGENT_SOCKET_FACTORY,
  DESK_AGENT_TOKEN_STORAGE_KEY,
  DESK_AGENT_URL,
  DeskAgentSocket,
} from '../desk-agent.config';

/**
 * - `not_running`: nothing answers on the agent's port (not started, crashed, other PC);
 * - `connecting`: the socket is open, the agent has not answered `hello` yet;
 * - `version_mismatch`: the agent speaks another protocol version;
 * - `unpaired`: the agent answers but this browser tab holds no valid pairing token;
 * - `paired`: ready to read cards.
 */
export type AgentConnectionState = 'not_running' | 'connecting' | 'version_mismatch' | 'unpaired' | 'paired';

/** The agent's own error codes plus the two the console adds: no agent to talk to, no answer in time. */
export type DeskAgentFailureCode = AgentErrorCode | 'agent.unreachable' | 'agent.timeout';

const FAILURE_CODES: readonly string[] = [...AGENT_ERROR_CODES, 'agent.unreachable', 'agent.timeout'];

/** Why a request to the agent failed. */
export class DeskAgentError extends Error {
  constructor(
    readonly code: DeskAgentFailureCode,
    /** `agent.pair_code_invalid`: wrong codes still allowed. */
    readonly attemptsLeft: number | null = null,
  ) {
    super(code);
    this.name = 'DeskAgentError';
  }
}

export interface DeskAgentFailure {
  code: DeskAgentFailureCode;
  attemptsLeft: number | null;
}

/** The translation key telling the clerk what went wrong and what to do (unknown codes → generic). */
export function agentErrorKey(code: string): string {
  const known = FAILURE_CODES.includes(code) ? code : 'agent.internal';
  return `desk.agent_error.${known.slice('agent.'.length)}`;
}

/** The most useful card state across the readers: an eID wins, then a wrong card, a mute card, none. */
export function bestCardState(readers: readonly ReaderStatus[]): ReaderCardState {
  const order: ReaderCardState[] = ['beid', 'unknown_card', 'present'];
  return order.find((state) => readers.some((reader) => reader.card === state)) ?? 'absent';
}

interface Pending<T> {
  resolve: (value: T) => void;
  reject: (error: DeskAgentError) => void;
  timer: ReturnType<typeof setTimeout>;
}

interface PairingStep {
  expect: 'pair.started' | 'paired';
  pending: Pending<string | undefined>;
}

/**
 * The local desk agent (card reader service on the desk PC), over its WebSocket, protocol v1.
 * Connects on demand, says hello (resuming a pairing kept in this tab's `sessionStorage`), pairs
 * with a code the agent shows on its own screen, follows the pushed reader status, and reads cards.
 * When the agent cannot be reached it says so (`not_running`) and retries with a growing delay.
 */
@Injectable({ providedIn: 'root' })
export class DeskAgentService {
  private readonly url = inject(DESK_AGENT_URL);
  private readonly openSocket = inject(DESK_AGENT_SOCKET_FACTORY);
  private readonly window = inject(DOCUMENT).defaultView;

  private readonly stateSignal = signal<AgentConnectionState>('not_running');
  private readonly agentVersionSignal = signal<string | null>(null);
  private readonly expectedProtocolSignal = signal<number | null>(null);
  private readonly pcscdSignal = signal<'ok' | 'unavailable' | null>(null);
  private readonly readersSignal = signal<readonly ReaderStatus[]>([]);
  private readonly lastErrorSignal = signal<DeskAgentFailure | null>(null);

  readonly state = this.stateSignal.asReadonly();
  readonly agentVersion = this.agentVersionSignal.asReadonly();
  /** The protocol version the agent asked for when it refused ours. */
  readonly expectedProtocol = this.expectedProtocolSignal.asReadonly();
  /** null until a paired agent reported it. */
  readonly pcscd = this.pcscdSignal.asReadonly();
  readonly readers = this.readersSignal.asReadonly();
  readonly cardState = computed(() => bestCardState(this.readersSignal()));
  readonly lastError = this.lastErrorSignal.asReadonly();
  readonly protocolVersion = PROTOCOL_VERSION;

  private socket: DeskAgentSocket | null = null;
  private wanted = false;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly reads = new Map<string, Pending<CardReadResult>>();
  private pairing: PairingStep | null = null;
  private sequence = 0;
  /** The pairing token: this tab's `sessionStorage` when it works, memory otherwise. */
  private tokenValue: string | null = this.readStoredToken();

  /** Starts talking to the agent (idempotent); keeps reconnecting until `disconnect`. */
  connect(): void {
    if (this.wanted) {
      return;
    }
    this.wanted = true;
    this.attempt = 0;
    this.stateSignal.set('connecting');
    this.open();
  }

  /** Closes the connection and stops reconnecting; pending requests fail with `agent.unreachable`. */
  disconnect(): void {
    this.wanted = false;
    this.clearReconnect();
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'console left the desk page');
    this.lost();
    this.stateSignal.set('not_running');
  }

  /** Tries again now instead of waiting for the next scheduled attempt. */
  retryNow(): void {
    if (!this.wanted || this.socket) {
      return;
    }
    this.clearReconnect();
    this.attempt = 0;
    this.open();
  }

  /** Asks the agent to show a pairing code on its own screen; resolves with the code's expiry (ISO). */
  startPairing(): Promise<string> {
    return this.pairingStep('pair.started', { type: 'pair.start' }).then((expiresAt) => expiresAt ?? '');
  }

  /** Sends the code the clerk typed; resolves once paired (the token is kept for this tab). */
  confirmPairing(code: string): Promise<void> {
    const typed = code.toUpperCase().replace(/[\s-]/g, '');
    return this.pairingStep('paired', { type: 'pair.confirm', code: typed }).then(() => undefined);
  }

  /**
   * Reads the Belgian eID in the reader (or the only reader holding one). The result is raw and
   * unverified: only the API's verification makes it evidence.
   */
  readCard(reader?: string): Promise<CardReadResult> {
    const token = this.token();
    if (this.stateSignal() !== 'paired' || !this.socket || !token) {
      return Promise.reject(new DeskAgentError(this.notReadyCode()));
    }
    const requestId = this.nextRequestId();
    return new Promise<CardReadResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.reads.delete(requestId);
        reject(this.fail('agent.timeout'));
      }, DESK_AGENT_READ_TIMEOUT_MS);
      this.reads.set(requestId, { resolve, reject, timer });
      this.send({ type: 'card.read', token, requestId, ...(reader ? { reader } : {}) });
    });
  }

  /** Asks the paired agent for a fresh reader status (it also pushes every change by itself). */
  refreshStatus(): void {
    const token = this.token();
    if (this.stateSignal() === 'paired' && token) {
      this.send({ type: 'status', token });
    }
  }

  private open(): void {
    let socket: DeskAgentSocket;
    try {
      socket = this.openSocket(this.url);
    } catch {
      this.closed();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) {
        return;
      }
      this.stateSignal.set('connecting');
      const token = this.token();
      this.send({ type: 'hello', protocol: PROTOCOL_VERSION, ...(token ? { token } : {}) });
    };
    socket.onmessage = (event) => {
      if (this.socket === socket) {
        this.receive(event.data);
      }
    };
    // A failed connection fires `error` then `close`: the close handler does the work.
    socket.onerror = () => undefined;
    socket.onclose = () => {
      if (this.socket === socket) {
        this.socket = null;
        this.closed();
      }
    };
  }

  private closed(): void {
    this.lost();
    if (this.stateSignal() !== 'version_mismatch') {
      this.stateSignal.set('not_running');
    }
    this.scheduleReconnect();
  }

  /** Forgets what only a live connection knows and fails what was waiting on it. */
  private lost(): void {
    this.pcscdSignal.set(null);
    this.readersSignal.set([]);
    for (const [requestId, pending] of this.reads) {
      clearTimeout(pending.timer);
      this.reads.delete(requestId);
      pending.reject(new DeskAgentError('agent.unreachable'));
    }
    if (this.pairing) {
      clearTimeout(this.pairing.pending.timer);
      this.pairing.pending.reject(new DeskAgentError('agent.unreachable'));
      this.pairing = null;
    }
  }

  private scheduleReconnect(): void {
    if (!this.wanted || this.reconnectTimer) {
      return;
    }
    const delays = DESK_AGENT_RECONNECT_DELAYS_MS;
    const last = delays.length - 1;
    const delay = this.stateSignal() === 'version_mismatch' ? delays[last] : delays[Math.min(this.attempt, last)];
    this.attempt++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.wanted && !this.socket) {
        this.open();
      }
    }, delay);
  }

  private clearReconnect(): void {
    if (this.reconnectTimer) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
    }
  }

  private receive(data: unknown): void {
    let message: AgentMessage;
    try {
      const parsed: unknown = typeof data === 'string' ? JSON.parse(data) : null;
      if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { type?: unknown }).type !== 'string') {
        return;
      }
      message = parsed as AgentMessage;
    } catch {
      return;
    }
    switch (message.type) {
      case 'hello':
        if (message.protocol !== PROTOCOL_VERSION) {
          this.versionMismatch(message.protocol);
          return;
        }
        this.attempt = 0;
        this.agentVersionSignal.set(message.agentVersion);
        this.expectedProtocolSignal.set(null);
        if (!message.paired) {
          this.storeToken(null);
        }
        this.stateSignal.set(message.paired ? 'paired' : 'unpaired');
        return;
      case 'pair.started':
        this.settlePairing('pair.started', message.expiresAt);
        return;
      case 'paired':
        this.storeToken(message.token);
        this.lastErrorSignal.set(null);
        this.stateSignal.set('paired');
        this.settlePairing('paired', undefined);
        return;
      case 'unpaired':
        this.storeToken(null);
        this.stateSignal.set('unpaired');
        return;
      case 'status':
        this.pcscdSignal.set(message.pcscd);
        this.readersSignal.set(Array.isArray(message.readers) ? message.readers : []);
        return;
      case 'card.read.result': {
        const pending = this.reads.get(message.requestId);
        if (pending) {
          clearTimeout(pending.timer);
          this.reads.delete(message.requestId);
          this.lastErrorSignal.set(null);
          pending.resolve(message);
        }
        return;
      }
      case 'error':
        this.agentError(message);
        return;
    }
  }

  private agentError(message: ErrorMessage): void {
    const code: DeskAgentFailureCode = FAILURE_CODES.includes(message.code) ? message.code : 'agent.internal';
    const error = this.fail(code, message.attemptsLeft ?? null);
    if (code === 'agent.version_mismatch') {
      this.versionMismatch(message.expected ?? null);
    } else if (code === 'agent.not_paired') {
      this.storeToken(null);
      this.stateSignal.set('unpaired');
    }
    const read = message.requestId ? this.reads.get(message.requestId) : undefined;
    if (read && message.requestId) {
      clearTimeout(read.timer);
      this.reads.delete(message.requestId);
      read.reject(error);
    } else if (this.pairing && !message.requestId) {
      // Pairing messages carry no request id: an error without one answers the pairing step.
      clearTimeout(this.pairing.pending.timer);
      this.pairing.pending.reject(error);
      this.pairing = null;
    }
  }

  private versionMismatch(expected: number | null): void {
    this.expectedProtocolSignal.set(expected);
    this.stateSignal.set('version_mismatch');
    // Nothing more can be said on this connection; retry slowly in case the agent gets updated.
    this.socket?.close(1000, 'protocol version mismatch');
  }

  private pairingStep(expect: 'pair.started' | 'paired', request: ClientMessage): Promise<string | undefined> {
    const state = this.stateSignal();
    if (!this.socket || (state !== 'unpaired' && state !== 'paired')) {
      return Promise.reject(new DeskAgentError(this.notReadyCode()));
    }
    if (this.pairing) {
      clearTimeout(this.pairing.pending.timer);
      this.pairing.pending.reject(new DeskAgentError('agent.pair_not_started'));
      this.pairing = null;
    }
    return new Promise<string | undefined>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pairing = null;
        reject(this.fail('agent.timeout'));
      }, DESK_AGENT_REPLY_TIMEOUT_MS);
      this.pairing = { expect, pending: { resolve, reject, timer } };
      this.send(request);
    });
  }

  private settlePairing(type: 'pair.started' | 'paired', value: string | undefined): void {
    const step = this.pairing;
    if (!step || step.expect !== type) {
      return;
    }
    clearTimeout(step.pending.timer);
    this.pairing = null;
    step.pending.resolve(value);
  }

  private fail(code: DeskAgentFailureCode, attemptsLeft: number | null = null): DeskAgentError {
    this.lastErrorSignal.set({ code, attemptsLeft });
    return new DeskAgentError(code, attemptsLeft);
  }

  private notReadyCode(): DeskAgentFailureCode {
    switch (this.stateSignal()) {
      case 'unpaired':
        return 'agent.not_paired';
      case 'version_mismatch':
        return 'agent.version_mismatch';
      default:
        return 'agent.unreachable';
    }
  }

  private send(message: ClientMessage): void {
    this.socket?.send(JSON.stringify(message));
  }

  private nextRequestId(): string {
    this.sequence++;
    return `read-${this.sequence}-${Math.random().toString(36).slice(2, 10)}`;
  }

  private token(): string | null {
    return this.tokenValue;
  }

  private readStoredToken(): string | null {
    try {
      return this.window?.sessionStorage.getItem(DESK_AGENT_TOKEN_STORAGE_KEY) ?? null;
    } catch {
      return null;
    }
  }

  private storeToken(token: string | null): void {
    this.tokenValue = token;
    try {
      if (token) {
        this.window?.sessionStorage.setItem(DESK_AGENT_TOKEN_STORAGE_KEY, token);
      } else {
        this.window?.sessionStorage.removeItem(DESK_AGENT_TOKEN_STORAGE_KEY);
      }
    } catch {
      // Storage unavailable: the pairing lasts until the page reloads.
    }
  }
}
