import { BeidApplet } from './beid-applet';
import type { CardProfile } from './card-profile';
import { VPCD_DEFAULT_HOST, VPCD_DEFAULT_PORT, VpcdConnection } from './vpcd-client';
import { reserveVpcdReader } from './vpcd-lock';

export interface VirtualCardOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 35963 ("Virtual PCD 00 00"); tests use 35964 ("Virtual PCD 00 01"). */
  port?: number;
  profile: CardProfile;
  /** Leave the reader after answering this many APDUs. Default: the profile's (defect `remove-after`). */
  removeAfterApdus?: number;
  /**
   * With `removeAfterApdus`: leave while the reader waits for the answer to the next command
   * (no answer at all) instead of right after the last answer. The APDU count stays n.
   */
  removeMidCommand?: boolean;
  /** How long to retry a refused connection (pcscd/vpcd starting). Default 10 s; Infinity allowed. */
  connectTimeoutMs?: number;
  /** Pause between connection attempts. Default 250 ms. */
  retryIntervalMs?: number;
  /** insert() resolves when vpcd asks for the ATR, or at the latest this long after connecting. Default 2 s. */
  readyTimeoutMs?: number;
  /**
   * How long to wait while another process has a virtual card in this reader (see vpcd-lock.ts).
   * Default 60 s; Infinity allowed.
   */
  readerLockTimeoutMs?: number;
  /** Aborts a pending insert() (its connection retries). */
  signal?: AbortSignal;
  /** Traces control messages and APDUs (hex). */
  log?: (line: string) => void;
}

/** One Belgian eID card in a vpcd virtual reader: insert() connects, remove() disconnects. */
export class VirtualBeidCard {
  /**
   * Resolves when the card has left the reader — remove(), `removeAfterApdus`, or vpcd went away —
   * and the reader's lock is released.
   */
  readonly removed: Promise<void>;

  private constructor(
    private readonly connection: VpcdConnection,
    readonly profile: CardProfile,
    readonly port: number,
    removed: Promise<void>,
  ) {
    this.removed = removed;
  }

  static async insert(options: VirtualCardOptions): Promise<VirtualBeidCard> {
    const { profile } = options;
    const port = options.port ?? VPCD_DEFAULT_PORT;
    const applet = new BeidApplet(profile);
    const release = await reserveVpcdReader(port, { timeoutMs: options.readerLockTimeoutMs, signal: options.signal });
    const connection = await VpcdConnection.connect(
      {
        atr: () => applet.atr,
        powerOn: () => applet.reset(),
        powerOff: () => applet.reset(),
        reset: () => applet.reset(),
        transmit: (apdu) => applet.process(apdu),
      },
      {
        host: options.host ?? VPCD_DEFAULT_HOST,
        port,
        connectTimeoutMs: options.connectTimeoutMs,
        retryIntervalMs: options.retryIntervalMs,
        closeAfterApdus: options.removeAfterApdus ?? profile.removeAfterApdus,
        closeMidCommand: options.removeMidCommand,
        signal: options.signal,
        log: options.log,
      },
    ).catch(async (error: unknown) => {
      await release();
      throw error;
    });
    const card = new VirtualBeidCard(connection, profile, port, connection.closed.then(release));
    let timer: NodeJS.Timeout | undefined;
    const aborted = new Promise<void>((resolve) => options.signal?.addEventListener('abort', () => resolve(), { once: true }));
    await Promise.race([
      connection.atrRequested,
      connection.closed,
      aborted,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, options.readyTimeoutMs ?? 2_000);
      }),
    ]);
    clearTimeout(timer);
    if (options.signal?.aborted) {
      await card.remove();
      throw options.signal.reason ?? new Error('aborted');
    }
    return card;
  }

  /** Command APDUs answered so far. */
  get apduCount(): number {
    return this.connection.apduCount;
  }

  /** Resolves once pcscd (through vpcd) has asked this card for its ATR. */
  get atrRequested(): Promise<void> {
    return this.connection.atrRequested;
  }

  get isInserted(): boolean {
    return !this.connection.isClosed;
  }

  /** Pulls the card out. pcscd reports the removal at its next presence poll (≤ ~0.5 s). */
  async remove(): Promise<void> {
    await this.connection.close();
    await this.removed; // the reader is free for other processes once this resolves
  }
}
