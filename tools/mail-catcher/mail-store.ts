/** One mail received by the catcher. */
export interface CaughtMail {
  id: string;
  /** Sender address (From header, else the SMTP envelope's MAIL FROM). */
  from: string;
  /** Envelope recipients (RCPT TO): everyone the mail was sent to, Cc and Bcc included. */
  to: string[];
  subject: string;
  /** ISO 8601: the Date header, else the time of receipt. */
  date: string;
  /** The Content-Language header (e.g. `nl`), or null when absent. */
  language: string | null;
  text: string;
  html: string | null;
  /** Header names in lower case; decoded where mailparser decodes them, repeated headers joined by newlines. */
  headers: Record<string, string>;
}

export type MailPredicate = (mail: CaughtMail) => boolean;

interface Waiter {
  predicate: MailPredicate;
  resolve: (mail: CaughtMail) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

export const DEFAULT_CAPACITY = 500;
export const DEFAULT_WAIT_MS = 10_000;

function describe(mail: CaughtMail): string {
  return `"${mail.subject}" → ${mail.to.join(', ')}`;
}

/** The last `capacity` mails, newest first, and the tests waiting for one. */
export class MailStore {
  /** Oldest first internally; exposed newest first. */
  private readonly mails: CaughtMail[] = [];
  private readonly waiters = new Set<Waiter>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  add(mail: CaughtMail): void {
    this.mails.push(mail);
    if (this.mails.length > this.capacity) this.mails.splice(0, this.mails.length - this.capacity);
    for (const waiter of [...this.waiters]) this.offer(waiter, mail);
  }

  /** Newest first (a copy). */
  list(): CaughtMail[] {
    return [...this.mails].reverse();
  }

  get(id: string): CaughtMail | undefined {
    return this.mails.find((mail) => mail.id === id);
  }

  get size(): number {
    return this.mails.length;
  }

  clear(): void {
    this.mails.length = 0;
  }

  /** The newest mail already caught that matches, else the next one to arrive; rejects after `timeoutMs`. */
  waitFor(predicate: MailPredicate, timeoutMs = DEFAULT_WAIT_MS): Promise<CaughtMail> {
    let found: CaughtMail | undefined;
    try {
      found = this.list().find(predicate);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => this.settle(waiter, new Error(this.timeoutMessage(timeoutMs))), timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Rejects every pending `waitFor` (used when the catcher stops). */
  rejectWaiters(reason: string): void {
    for (const waiter of [...this.waiters]) this.settle(waiter, new Error(reason));
  }

  private offer(waiter: Waiter, mail: CaughtMail): void {
    try {
      if (waiter.predicate(mail)) this.settle(waiter, mail);
    } catch (err) {
      this.settle(waiter, err instanceof Error ? err : new Error(String(err)));
    }
  }

  private settle(waiter: Waiter, outcome: CaughtMail | Error): void {
    if (!this.waiters.delete(waiter)) return;
    clearTimeout(waiter.timer);
    if (outcome instanceof Error) waiter.reject(outcome);
    else waiter.resolve(outcome);
  }

  private timeoutMessage(timeoutMs: number): string {
    const recent = this.list().slice(0, 5).map(describe);
    const caught =
      recent.length === 0
        ? 'no mail caught at all'
        : `${this.mails.length} mail(s) caught, newest: ${recent.join('; ')}`;
    return `Mail catcher: no matching mail within ${timeoutMs} ms (${caught})`;
  }
}
