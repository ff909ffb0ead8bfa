import type { Logger } from 'pino';
import type { ReaderCardState } from '@sesame/desk-protocol';
import { AgentError } from '../agent.error';
import { PcscCardChannel, type OpenCardChannel } from './card-channel';
import { loadPcscLite, type CardReader, type PcscFactory, type PcscLite } from './pcsclite';

export interface ReaderSnapshot {
  name: string;
  card: ReaderCardState;
  atr?: Buffer;
}

export interface PcscSnapshot {
  pcscd: 'ok' | 'unavailable';
  readers: ReaderSnapshot[];
}

/** What the server needs from the card-reader side; `PcscMonitor` is the real one, specs use fakes. */
export interface ReaderPort {
  snapshot(): PcscSnapshot;
  /** Called after every change of pcscd availability, of the reader list or of a card's presence. */
  onChange(listener: (snapshot: PcscSnapshot) => void): () => void;
  /** Connects to the card in `readerName`; throws AgentError (no_reader, no_card, busy, pcscd_unavailable…). */
  open(readerName: string): Promise<OpenCardChannel>;
}

export interface PcscMonitorOptions {
  log: Logger;
  /** `beid` or `unknown_card` for a card that answered with `atr`. */
  classifyAtr: (atr: Buffer) => 'beid' | 'unknown_card';
  /** Only readers whose name contains this (case-insensitive) are watched. */
  readerFilter?: string;
  /** Wait between attempts to reach pcscd (default 2 s). */
  retryMs?: number;
  /** Default: the pcsclite addon. */
  factory?: PcscFactory;
}

interface WatchedReader {
  reader: CardReader;
  card: ReaderCardState;
  atr?: Buffer;
}

/**
 * Watches pcscd through pcsclite: readers coming and going, cards inserted and removed (from each
 * reader's `status` events, on changes of the SCARD_STATE_PRESENT / EMPTY / MUTE bits).
 *
 * pcscd may be missing when the agent starts, or stop later (package upgrade, crash): the monitor then
 * reports `pcscd: 'unavailable'` and tries again every `retryMs`, without ever crashing the agent.
 */
export class PcscMonitor implements ReaderPort {
  private pcsc: PcscLite | undefined;
  private available = false;
  private readonly readers = new Map<string, WatchedReader>();
  private readonly listeners = new Set<(snapshot: PcscSnapshot) => void>();
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = true;
  private lastUnavailableReason: string | undefined;
  private readonly filter: string | undefined;

  constructor(private readonly options: PcscMonitorOptions) {
    this.filter = options.readerFilter?.toLowerCase();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.teardown();
    this.listeners.clear();
  }

  snapshot(): PcscSnapshot {
    return {
      pcscd: this.available ? 'ok' : 'unavailable',
      readers: [...this.readers.entries()]
        .map(([name, watched]) => ({
          name,
          card: watched.card,
          ...(watched.atr === undefined ? {} : { atr: watched.atr }),
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  }

  onChange(listener: (snapshot: PcscSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async open(readerName: string): Promise<OpenCardChannel> {
    if (!this.available) throw new AgentError('agent.pcscd_unavailable');
    const watched = this.readers.get(readerName);
    if (watched === undefined) throw new AgentError('agent.no_reader');
    if (watched.card === 'absent' || watched.atr === undefined) throw new AgentError('agent.no_card');
    return PcscCardChannel.connect(watched.reader, watched.atr);
  }

  private connect(): void {
    if (this.stopped) return;
    const factory = this.options.factory ?? loadPcscLite;
    let pcsc: PcscLite;
    try {
      pcsc = factory();
    } catch (error) {
      this.markUnavailable((error as Error).message);
      this.scheduleRetry();
      return;
    }
    this.pcsc = pcsc;
    pcsc.on('reader', (reader: CardReader) => this.watch(pcsc, reader));
    pcsc.on('error', (error: unknown) => this.lost(pcsc, error));
    this.available = true;
    this.lastUnavailableReason = undefined;
    this.options.log.info('pcscd: connected');
    this.emitChange();
  }

  private watch(pcsc: PcscLite, reader: CardReader): void {
    // Every reader gets an error listener: an unhandled 'error' event would end the process.
    reader.on('error', (error: unknown) => {
      this.options.log.warn({ reader: reader.name, err: (error as Error).message }, 'pcsc: reader error');
    });
    if (pcsc !== this.pcsc) return;
    if (this.filter !== undefined && !reader.name.toLowerCase().includes(this.filter)) {
      this.options.log.debug({ reader: reader.name }, 'pcsc: reader ignored (DESK_AGENT_READER_FILTER)');
      return;
    }
    const watched: WatchedReader = { reader, card: 'absent' };
    this.readers.set(reader.name, watched);
    this.options.log.info({ reader: reader.name }, 'pcsc: reader added');
    reader.on('status', (status: { state: number; atr?: Buffer }) => this.onStatus(watched, status));
    reader.on('end', () => {
      if (this.readers.get(reader.name) !== watched) return;
      this.readers.delete(reader.name);
      this.options.log.info({ reader: reader.name }, 'pcsc: reader removed');
      this.emitChange();
    });
    this.emitChange();
  }

  private onStatus(watched: WatchedReader, status: { state: number; atr?: Buffer }): void {
    const { reader } = watched;
    const present = (status.state & reader.SCARD_STATE_PRESENT) !== 0;
    const mute = (status.state & reader.SCARD_STATE_MUTE) !== 0;
    const atr = present && !mute && status.atr !== undefined && status.atr.length > 0 ? Buffer.from(status.atr) : undefined;
    const card: ReaderCardState = !present ? 'absent' : atr === undefined ? 'present' : this.options.classifyAtr(atr);
    const sameAtr = atr === undefined ? watched.atr === undefined : watched.atr?.equals(atr) === true;
    // Other bits (INUSE, EXCLUSIVE while we read, the event counter) change often and mean nothing here.
    if (card === watched.card && sameAtr) return;
    const before = watched.card;
    watched.card = card;
    watched.atr = atr;
    if (card === 'absent') this.options.log.info({ reader: reader.name }, 'pcsc: card removed');
    else if (before === 'absent' || before === 'present') {
      this.options.log.info({ reader: reader.name, card, atr: atr?.toString('hex').toUpperCase() }, 'pcsc: card inserted');
    }
    this.emitChange();
  }

  /** pcscd went away (SCardGetStatusChange failed): drop everything and try again later. */
  private lost(pcsc: PcscLite, error: unknown): void {
    if (pcsc !== this.pcsc) return;
    this.options.log.warn({ err: (error as Error).message }, 'pcscd: connection lost');
    this.teardown();
    this.markUnavailable((error as Error).message);
    this.scheduleRetry();
  }

  private teardown(): void {
    const pcsc = this.pcsc;
    const readers = [...this.readers.values()];
    this.pcsc = undefined;
    this.readers.clear();
    this.available = false;
    // close() joins the addon's watcher threads; do it outside the addon's own callback.
    setImmediate(() => {
      for (const { reader } of readers) safely(() => reader.close());
      if (pcsc !== undefined) safely(() => pcsc.close());
    });
  }

  private markUnavailable(reason: string): void {
    const changed = this.available || this.lastUnavailableReason === undefined;
    this.available = false;
    if (reason !== this.lastUnavailableReason) {
      this.options.log.warn({ reason }, 'pcscd: unavailable, retrying');
      this.lastUnavailableReason = reason;
    }
    if (changed) this.emitChange();
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), this.options.retryMs ?? 2000);
    this.retryTimer.unref();
  }

  private emitChange(): void {
    const snapshot = this.snapshot();
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch (error) {
        this.options.log.error({ err: (error as Error).message }, 'pcsc: change listener failed');
      }
    }
  }
}

function safely(action: () => void): void {
  try {
    action();
  } catch {
    // Closing what pcscd already dropped can fail; there is nothing left to release.
  }
}
