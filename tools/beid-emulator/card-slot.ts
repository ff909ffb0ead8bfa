import type { CardProfile } from './card-profile';
import { VirtualBeidCard } from './virtual-card';

export interface CardSlotStatus {
  port: number;
  /** The card wanted in the reader, or null when the reader is (meant to be) empty. */
  card: { label: string; inserted: boolean; apduCount: number } | null;
}

/**
 * One vpcd virtual reader holding at most one emulated card: swapping cards removes the old one
 * first, and the card is put back when vpcd goes away and returns (pcscd restart). Used by the CLI
 * and by the demo's card picker (control-server.ts).
 */
export class CardSlot {
  private card: VirtualBeidCard | undefined;
  private wanted: CardProfile | undefined;
  private abort: AbortController | undefined;
  private loop: Promise<void> = Promise.resolve();
  private onInserted: (() => void) | undefined;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly log: (line: string) => void,
    private readonly trace = false,
  ) {}

  /**
   * Puts the card in (after taking out the one there). With `waitMs`, also waits up to that long for
   * vpcd to take it, so the caller can say whether the card is really in the reader.
   */
  async insert(profile: CardProfile, removeMidCommand = false, waitMs = 0): Promise<void> {
    const inserted = new Promise<void>((resolve) => (this.onInserted = resolve));
    await this.switchTo(profile, removeMidCommand);
    if (waitMs > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([inserted, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
      clearTimeout(timer);
    }
  }

  remove(): Promise<void> {
    return this.switchTo(undefined, false);
  }

  state(): CardSlotStatus {
    if (this.wanted === undefined) return { port: this.port, card: null };
    return {
      port: this.port,
      card: { label: this.wanted.label, inserted: this.card?.isInserted ?? false, apduCount: this.card?.apduCount ?? 0 },
    };
  }

  status(): string {
    const { card } = this.state();
    if (card === null) return `reader on port ${this.port} is empty`;
    return `${card.label} (port ${this.port}): ${card.inserted ? `inserted, ${card.apduCount} APDUs` : 'waiting for vpcd'}`;
  }

  private async switchTo(profile: CardProfile | undefined, removeMidCommand: boolean): Promise<void> {
    this.wanted = profile;
    this.abort?.abort(new Error('card swapped'));
    await this.card?.remove();
    await this.loop;
    if (profile === undefined) return;
    const abort = new AbortController();
    this.abort = abort;
    this.loop = this.keepInserted(profile, removeMidCommand, abort.signal);
  }

  private async keepInserted(profile: CardProfile, removeMidCommand: boolean, signal: AbortSignal): Promise<void> {
    const { log } = this;
    while (this.wanted === profile && !signal.aborted) {
      let card: VirtualBeidCard;
      try {
        card = await VirtualBeidCard.insert({
          host: this.host,
          port: this.port,
          profile,
          removeMidCommand,
          connectTimeoutMs: Number.POSITIVE_INFINITY,
          readerLockTimeoutMs: Number.POSITIVE_INFINITY,
          retryIntervalMs: 500,
          signal,
          log: this.trace ? (line) => log(line) : undefined,
        });
      } catch (error) {
        if (!signal.aborted) log(`could not insert: ${(error as Error).message}`);
        return;
      }
      if (this.wanted !== profile || signal.aborted) {
        await card.remove(); // swapped or stopped while it was being inserted
        return;
      }
      this.card = card;
      this.onInserted?.();
      log(`inserted: ${profile.label} (port ${this.port})`);
      await card.removed;
      this.card = undefined;
      if (this.wanted !== profile || signal.aborted) {
        log(`removed: ${profile.label} after ${card.apduCount} APDUs`);
        return;
      }
      if (profile.removeAfterApdus !== undefined) {
        log(`card left the reader by itself after ${card.apduCount} APDUs (remove-after); "insert" to put one back`);
        this.wanted = undefined;
        return;
      }
      log('vpcd closed the connection (pcscd restarted?); inserting the card again');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}
