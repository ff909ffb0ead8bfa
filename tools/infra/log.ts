/** A line-oriented logger supplied by the caller (console.log, a pino child, a test spy…). */
export type Log = (message: string) => void;

/** Replaces the password of a URL (`postgres://u:secret@h` → `postgres://u:***@h`) so it can be logged. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

/** Keeps the last `max` lines written to it: enough context for an error message, never the whole log. */
export class LineTail {
  private readonly lines: string[] = [];

  constructor(private readonly max = 30) {}

  push(chunk: string): void {
    for (const line of chunk.split(/\r?\n/)) {
      if (line.trim() === '') continue;
      this.lines.push(line);
      if (this.lines.length > this.max) this.lines.shift();
    }
  }

  toString(): string {
    return this.lines.join('\n');
  }
}

/** Seconds with one decimal, for "started in 0.7 s" log lines. */
export function secondsSince(startedAt: number): string {
  return `${((Date.now() - startedAt) / 1000).toFixed(1)} s`;
}
