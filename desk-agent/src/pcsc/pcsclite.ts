import type { EventEmitter } from 'node:events';

/**
 * The part of `pcsclite` (NAN addon over libpcsclite → pcscd) the agent uses. The package's own
 * typings do not export these interfaces, hence this copy.
 */
export interface CardReader extends EventEmitter {
  readonly name: string;
  connected: boolean;
  readonly SCARD_SHARE_EXCLUSIVE: number;
  readonly SCARD_SHARE_SHARED: number;
  readonly SCARD_STATE_EMPTY: number;
  readonly SCARD_STATE_PRESENT: number;
  readonly SCARD_STATE_MUTE: number;
  readonly SCARD_LEAVE_CARD: number;
  connect(options: { share_mode?: number; protocol?: number }, callback: (err: unknown, protocol: number) => void): void;
  disconnect(disposition: number, callback: (err: unknown) => void): void;
  transmit(data: Buffer, resLen: number, protocol: number, callback: (err: unknown, response: Buffer) => void): void;
  close(): void;
}

export interface PcscLite extends EventEmitter {
  close(): void;
}

export type PcscFactory = () => PcscLite;

/**
 * Loads the addon on first use, so that a machine without it still starts (and says why).
 * `pcsclite()` throws synchronously when pcscd is not running (SCardEstablishContext fails).
 */
export const loadPcscLite: PcscFactory = () => {
  const pcsc = require('pcsclite') as () => PcscLite;
  return pcsc();
};
