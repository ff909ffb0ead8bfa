import * as net from 'node:net';

/**
 * The card side of the vsmartcard `vpcd` protocol.
 *
 * `vpcd` (a pcscd driver) *listens* — port 35963 for reader "Virtual PCD 00 00", 35964 for
 * "Virtual PCD 00 01" — and the virtual card is the TCP *client*: connecting inserts the card,
 * closing the socket removes it. Every message, both ways, is a 2-byte big-endian length and a
 * payload. A 1-byte payload from vpcd is a control message: 0x00 power off, 0x01 power on,
 * 0x02 reset (no reply to these three), 0x04 "send the ATR" (reply: the ATR). Anything longer
 * is a command APDU, answered with the response APDU. pcscd's polling thread asks for the ATR
 * a few times a second to learn whether the card is still there; those requests are not APDUs.
 */

export const VPCD_CONTROL = { POWER_OFF: 0x00, POWER_ON: 0x01, RESET: 0x02, GET_ATR: 0x04 } as const;

export interface VpcdCardHandler {
  atr(): Buffer;
  powerOn(): void;
  powerOff(): void;
  reset(): void;
  transmit(apdu: Buffer): Buffer;
}

export interface VpcdConnectOptions {
  host?: string;
  port?: number;
  /** Keep retrying a refused connection (vpcd/pcscd not up yet) this long. Default 10 s; Infinity allowed. */
  connectTimeoutMs?: number;
  retryIntervalMs?: number;
  /** Close the socket right after answering this many APDUs (a card pulled out mid-read). */
  closeAfterApdus?: number;
  /**
   * With `closeAfterApdus`: instead of leaving right after the last answer, wait for the next
   * command and leave without answering it (the card is pulled while the reader waits).
   */
  closeMidCommand?: boolean;
  /** Gives up connecting (rejects) when aborted. */
  signal?: AbortSignal;
  /** Traces control messages and APDUs. */
  log?: (line: string) => void;
}

export const VPCD_DEFAULT_HOST = '127.0.0.1';
export const VPCD_DEFAULT_PORT = 35963;

const RETRYABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT']);

export class VpcdConnection {
  /** Resolves when the socket is closed, whoever closed it. */
  readonly closed: Promise<void>;
  /** Resolves the first time vpcd asks for the ATR (pcscd has seen the card). */
  readonly atrRequested: Promise<void>;

  private apdus = 0;
  private atrRequests = 0;
  private leaving = false;
  private pending: Buffer = Buffer.alloc(0);
  private resolveAtrRequested!: () => void;

  private constructor(
    private readonly socket: net.Socket,
    private readonly handler: VpcdCardHandler,
    private readonly options: VpcdConnectOptions,
  ) {
    this.atrRequested = new Promise((resolve) => (this.resolveAtrRequested = resolve));
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    // A reset by vpcd (pcscd stopped) is a removal, not an error for the caller.
    socket.on('error', (error) => this.trace(`socket error: ${error.message}`));
  }

  /** Connects (retrying while vpcd is not listening) and starts answering vpcd. */
  static async connect(handler: VpcdCardHandler, options: VpcdConnectOptions = {}): Promise<VpcdConnection> {
    const socket = await connectWithRetry(options);
    socket.setNoDelay(true);
    return new VpcdConnection(socket, handler, options);
  }

  /** Command APDUs answered so far (ATR requests and power messages are not counted). */
  get apduCount(): number {
    return this.apdus;
  }

  get atrRequestCount(): number {
    return this.atrRequests;
  }

  get isClosed(): boolean {
    return this.socket.destroyed;
  }

  /** Removes the card: closes the socket (pcscd notices at its next presence poll). */
  async close(): Promise<void> {
    if (!this.socket.destroyed) this.socket.destroy();
    await this.closed;
  }

  private onData(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 2 && !this.leaving && !this.socket.destroyed) {
      const length = this.pending.readUInt16BE(0);
      if (this.pending.length < 2 + length) return;
      const payload = this.pending.subarray(2, 2 + length);
      this.pending = this.pending.subarray(2 + length);
      this.onMessage(Buffer.from(payload));
    }
  }

  private onMessage(payload: Buffer): void {
    if (payload.length === 0) return;
    if (payload.length === 1) {
      this.onControl(payload[0]);
      return;
    }
    const limit = this.options.closeAfterApdus;
    if (limit !== undefined && this.options.closeMidCommand === true && this.apdus >= limit) {
      this.trace(`> ${hex(payload)}\ncard leaves without answering (after ${this.apdus} APDUs)`);
      this.leaving = true;
      this.socket.destroy();
      return;
    }
    this.apdus++;
    const response = this.handler.transmit(payload);
    this.trace(`> ${hex(payload)}\n< ${hex(response)}`);
    this.send(response);
    if (limit !== undefined && this.options.closeMidCommand !== true && this.apdus >= limit) {
      this.trace(`card leaves after ${this.apdus} APDUs`);
      this.leaving = true;
      this.socket.end(); // flushes the last response, then closes
      this.socket.once('finish', () => this.socket.destroy());
    }
  }

  private onControl(code: number): void {
    switch (code) {
      case VPCD_CONTROL.POWER_OFF:
        this.trace('power off');
        this.handler.powerOff();
        return;
      case VPCD_CONTROL.POWER_ON:
        this.trace('power on');
        this.handler.powerOn();
        return;
      case VPCD_CONTROL.RESET:
        this.trace('reset');
        this.handler.reset();
        return;
      case VPCD_CONTROL.GET_ATR:
        this.atrRequests++;
        this.send(this.handler.atr());
        this.resolveAtrRequested();
        return;
      default:
        this.trace(`unknown control message 0x${code.toString(16).padStart(2, '0')}`);
    }
  }

  private send(payload: Buffer): void {
    const frame = Buffer.alloc(2 + payload.length);
    frame.writeUInt16BE(payload.length, 0);
    payload.copy(frame, 2);
    this.socket.write(frame); // header and body in one write: one segment, no Nagle wait on our side
  }

  private trace(line: string): void {
    this.options.log?.(line);
  }
}

function hex(data: Buffer): string {
  return data.toString('hex').toUpperCase();
}

async function connectWithRetry(options: VpcdConnectOptions): Promise<net.Socket> {
  const host = options.host ?? VPCD_DEFAULT_HOST;
  const port = options.port ?? VPCD_DEFAULT_PORT;
  const deadline = Date.now() + (options.connectTimeoutMs ?? 10_000);
  const retryInterval = options.retryIntervalMs ?? 250;
  let lastError: Error | undefined;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      return await connectOnce(host, port, options.signal);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === undefined || !RETRYABLE.has(code)) throw error;
      lastError = error as Error;
    }
    if (Date.now() + retryInterval > deadline) {
      throw new Error(
        `vpcd is not listening on ${host}:${port} (${lastError?.message ?? 'no answer'}). ` +
          'Is pcscd running with the vsmartcard-vpcd driver? Start it with `pcscd -f -i &` (without -a, which logs every APDU).',
      );
    }
    await sleep(retryInterval, options.signal);
  }
}

function connectOnce(host: string, port: number, signal: AbortSignal | undefined): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const onAbort = (): void => {
      socket.destroy();
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      signal?.removeEventListener('abort', onAbort);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(error);
    });
  });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
