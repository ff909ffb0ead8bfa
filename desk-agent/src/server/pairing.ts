import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AgentError } from '../agent.error';

/** No 0/O, 1/I/L: the clerk copies the code from one screen to another (31 symbols). */
export const PAIRING_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const PAIRING_CODE_LENGTH = 6;
export const PAIRING_MAX_ATTEMPTS = 3;

export interface PairingOptions {
  /** How long a code shown on the agent's screen can be typed in (ms). */
  codeTtlMs: number;
  /** A token unused for this long stops working (ms); every use starts the period again. */
  tokenTtlMs: number;
  /** Called with every new code: main.ts prints it on the desk PC's screen; specs capture it. */
  onPairingCode: (code: string, expiresAt: Date) => void;
  /** Codes handed out per minute at most, whoever asks (default 10). */
  maxStartsPerMinute?: number;
  /** Tokens kept at most; the least recently used goes first (default 50). */
  maxTokens?: number;
  now?: () => number;
}

interface PendingCode {
  code: Buffer;
  origin: string;
  /** The connection that asked for it: only that connection may confirm it. */
  connectionId: string;
  expiresAt: number;
  attemptsLeft: number;
}

interface TokenRecord {
  origin: string;
  expiresAt: number;
}

/**
 * Pairing of a console (an allowed origin) with this agent.
 *
 * `start` makes a 6-character code from a CSPRNG, shown only on the agent's own screen; the clerk
 * types it into the console, which sends `confirm`. There is one pending code at a time (a new start
 * voids the previous one); it lives `codeTtlMs` and dies after 3 wrong tries. A right code gives a
 * token (32 random bytes, base64url) bound to the origin, kept in memory only (restarting the agent
 * unpairs everyone) and kept as a SHA-256 hash.
 */
export class PairingService {
  private pending: PendingCode | undefined;
  /** sha256(token) → record; the map iterates oldest use first. */
  private readonly tokens = new Map<string, TokenRecord>();
  private recentStarts: number[] = [];
  private readonly now: () => number;

  constructor(private readonly options: PairingOptions) {
    this.now = options.now ?? Date.now;
  }

  start(origin: string, connectionId: string): { expiresAt: Date } {
    const now = this.now();
    this.recentStarts = this.recentStarts.filter((at) => now - at < 60_000);
    if (this.recentStarts.length >= (this.options.maxStartsPerMinute ?? 10)) {
      throw new AgentError('agent.pair_rate_limited', { detail: 'too many pairing codes asked for; wait a minute' });
    }
    this.recentStarts.push(now);
    const code = generatePairingCode();
    const expiresAt = now + this.options.codeTtlMs;
    this.pending = {
      code: Buffer.from(code, 'ascii'),
      origin,
      connectionId,
      expiresAt,
      attemptsLeft: PAIRING_MAX_ATTEMPTS,
    };
    this.options.onPairingCode(code, new Date(expiresAt));
    return { expiresAt: new Date(expiresAt) };
  }

  /** Checks `code` against the pending one; returns a new token or throws AgentError. */
  confirm(origin: string, connectionId: string, code: string): { token: string; expiresAt: Date } {
    const pending = this.pending;
    const now = this.now();
    if (pending === undefined || pending.origin !== origin || pending.connectionId !== connectionId) {
      throw new AgentError('agent.pair_not_started', { detail: 'ask for a code first (pair.start)' });
    }
    if (now >= pending.expiresAt) {
      this.pending = undefined;
      throw new AgentError('agent.pair_code_expired', { detail: 'the code expired; ask for a new one' });
    }
    if (!sameCode(pending.code, normalizeCode(code))) {
      pending.attemptsLeft--;
      if (pending.attemptsLeft <= 0) this.pending = undefined;
      throw new AgentError('agent.pair_code_invalid', {
        attemptsLeft: pending.attemptsLeft,
        detail: pending.attemptsLeft <= 0 ? 'too many wrong codes; ask for a new one' : 'wrong code',
      });
    }
    this.pending = undefined;
    const token = randomBytes(32).toString('base64url');
    this.sweep(now);
    this.tokens.set(hashToken(token), { origin, expiresAt: now + this.options.tokenTtlMs });
    while (this.tokens.size > (this.options.maxTokens ?? 50)) {
      this.tokens.delete(this.tokens.keys().next().value!);
    }
    return { token, expiresAt: new Date(now + this.options.tokenTtlMs) };
  }

  /**
   * The expiry of `token` if it is valid for `origin`, else undefined. With `touch` (a message from
   * the console), the expiry slides forward; status pushes check without touching.
   */
  check(token: string | undefined, origin: string, touch = true): Date | undefined {
    if (token === undefined || token === '') return undefined;
    const now = this.now();
    const key = hashToken(token);
    const record = this.tokens.get(key);
    if (record === undefined) return undefined;
    if (now >= record.expiresAt) {
      this.tokens.delete(key);
      return undefined;
    }
    if (record.origin !== origin) return undefined;
    if (touch) {
      record.expiresAt = now + this.options.tokenTtlMs;
      this.tokens.delete(key);
      this.tokens.set(key, record);
    }
    return new Date(record.expiresAt);
  }

  /** Forgets `token` (when it is valid for `origin`); true if it was. */
  revoke(token: string, origin: string): boolean {
    if (this.check(token, origin, false) === undefined) return false;
    this.tokens.delete(hashToken(token));
    return true;
  }

  /** A pending code belongs to a connection: it dies with it. */
  forgetConnection(connectionId: string): void {
    if (this.pending?.connectionId === connectionId) this.pending = undefined;
  }

  private sweep(now: number): void {
    for (const [key, record] of this.tokens) if (now >= record.expiresAt) this.tokens.delete(key);
  }
}

/** 6 characters from PAIRING_ALPHABET, uniformly from crypto.randomBytes. */
export function generatePairingCode(): string {
  const alphabet = PAIRING_ALPHABET;
  // Rejection sampling: only bytes below the largest multiple of the alphabet size, so no modulo bias.
  const limit = 256 - (256 % alphabet.length);
  let code = '';
  while (code.length < PAIRING_CODE_LENGTH) {
    for (const byte of randomBytes(PAIRING_CODE_LENGTH * 2)) {
      if (byte < limit && code.length < PAIRING_CODE_LENGTH) code += alphabet[byte % alphabet.length];
    }
  }
  return code;
}

/** Upper-cases and drops spaces and dashes ("abc 2-34" → "ABC234"): what a clerk types varies. */
export function normalizeCode(code: string): Buffer {
  return Buffer.from(code.toUpperCase().replace(/[\s-]/g, ''), 'utf8');
}

/** Constant-time comparison; a wrong length compares against itself so the timing does not tell. */
function sameCode(expected: Buffer, given: Buffer): boolean {
  if (given.length !== expected.length) {
    timingSafeEqual(expected, expected);
    return false;
  }
  return timingSafeEqual(expected, given);
}

const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('base64url');
