import { WebSocket } from 'ws';
import type { AgentMessage, ClientMessage } from '@sesame/desk-protocol';

/** A console stand-in: a `ws` client that sends objects and awaits the agent's messages in order. */
export class TestConsole {
  readonly received: AgentMessage[] = [];
  private readonly waiters: Array<{ match: (m: AgentMessage) => boolean; resolve: (m: AgentMessage) => void }> = [];
  private cursor = 0;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as AgentMessage;
      this.received.push(message);
      this.flush();
    });
  }

  /** Connects with `origin`; rejects with the HTTP status when the handshake is refused. */
  static connect(url: string, origin: string | undefined): Promise<TestConsole> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, origin === undefined ? {} : { origin });
      socket.once('open', () => resolve(new TestConsole(socket)));
      socket.once('unexpected-response', (_request, response) => {
        reject(Object.assign(new Error(`HTTP ${response.statusCode}`), { statusCode: response.statusCode }));
        socket.terminate();
      });
      socket.once('error', reject);
    });
  }

  send(message: ClientMessage | Record<string, unknown>): void {
    this.socket.send(JSON.stringify(message));
  }

  sendRaw(raw: string | Buffer): void {
    this.socket.send(raw);
  }

  /** Next message (after the ones already taken) that `match` accepts; earlier non-matching ones are skipped. */
  next<T extends AgentMessage['type']>(
    type: T,
    match: (message: Extract<AgentMessage, { type: T }>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<Extract<AgentMessage, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${type}" message within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        match: (m) => m.type === type && match(m as Extract<AgentMessage, { type: T }>),
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as Extract<AgentMessage, { type: T }>);
        },
      });
      this.flush();
    });
  }

  /**
   * The current state rather than the next change: the latest message of `type` if `match` accepts
   * it (it may have arrived while the test looked elsewhere), else the next one that does.
   */
  latest<T extends AgentMessage['type']>(
    type: T,
    match: (message: Extract<AgentMessage, { type: T }>) => boolean,
    timeoutMs = 5000,
  ): Promise<Extract<AgentMessage, { type: T }>> {
    for (let at = this.received.length - 1; at >= 0; at--) {
      const message = this.received[at]!;
      if (message.type !== type) continue;
      if (!match(message as Extract<AgentMessage, { type: T }>)) break;
      this.cursor = Math.max(this.cursor, at + 1);
      return Promise.resolve(message as Extract<AgentMessage, { type: T }>);
    }
    return this.next(type, match, timeoutMs);
  }

  /** Sends `message` and waits for the next message of `type`. */
  async request<T extends AgentMessage['type']>(
    message: ClientMessage | Record<string, unknown>,
    type: T,
    timeoutMs?: number,
  ): Promise<Extract<AgentMessage, { type: T }>> {
    const reply = this.next(type, () => true, timeoutMs);
    this.send(message);
    return reply;
  }

  /**
   * Sends and returns the first message received after the send, whatever its type — except
   * status pushes, which are skipped unless `message` is itself a status request.
   */
  async exchange(message: ClientMessage | Record<string, unknown>, timeoutMs = 5000): Promise<AgentMessage> {
    const start = this.received.length;
    const wantsStatus = message.type === 'status';
    this.send(message);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.received.findIndex((m, at) => at >= start && (wantsStatus || m.type !== 'status'));
      if (index !== -1) {
        this.cursor = Math.max(this.cursor, index + 1);
        return this.received[index]!;
      }
      if (Date.now() > deadline) throw new Error(`no reply to ${String(message.type)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  closed(): Promise<number> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve(-1);
    return new Promise((resolve) => this.socket.once('close', (code) => resolve(code)));
  }

  close(): void {
    this.socket.terminate();
  }

  private flush(): void {
    for (let i = 0; i < this.waiters.length; ) {
      const waiter = this.waiters[i]!;
      const index = this.received.findIndex((m, at) => at >= this.cursor && waiter.match(m));
      if (index === -1) {
        i++;
        continue;
      }
      this.cursor = index + 1;
      this.waiters.splice(i, 1);
      waiter.resolve(this.received[index]!);
    }
  }
}
