import type { CardReader } from './pcsclite';
import { AgentError } from '../agent.error';

/** One APDU exchange with a card: command in, response (data + SW1 SW2) out. */
export interface CardChannel {
  transmit(apdu: Buffer): Promise<Buffer>;
}

/** A channel on a connected card, to release (whatever happened) once the read is over. */
export interface OpenCardChannel extends CardChannel {
  /** The ATR of the card this channel talks to. */
  readonly atr: Buffer;
  close(): Promise<void>;
}

/** Longest short-APDU response: 256 data bytes + SW1 SW2. */
const MAX_RESPONSE = 258;

/**
 * PC/SC return codes (pcsclite puts them at the end of its error messages: `…(0x80100069)`),
 * sorted by what the console can do about them.
 */
const CARD_GONE = new Set([
  0x80100069, // SCARD_W_REMOVED_CARD
  0x8010000c, // SCARD_E_NO_SMARTCARD
  0x80100068, // SCARD_W_RESET_CARD (another application reset it: our selections are lost)
  0x80100067, // SCARD_W_UNPOWERED_CARD
]);
const SERVICE_GONE = new Set([
  0x8010001d, // SCARD_E_NO_SERVICE
  0x8010001e, // SCARD_E_SERVICE_STOPPED
  0x80100017, // SCARD_E_READER_UNAVAILABLE
  0x80100009, // SCARD_E_UNKNOWN_READER
]);
/**
 * SCARD_E_NOT_TRANSACTED: pcsc-lite's answer when the reader driver failed the exchange. With vpcd it
 * is what a card that left between two APDUs gives (one that leaves during an APDU gives 0 bytes);
 * with USB readers it is a card pulled out mid-APDU. Either way: put the card back and read again.
 */
const NOT_TRANSACTED = 0x80100016;
const SHARING_VIOLATION = 0x8010000b;
const UNRESPONSIVE_CARD = 0x80100066;

/** The PC/SC code inside a pcsclite error message, or undefined. */
export function pcscErrorCode(error: unknown): number | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const match = /\(0x([0-9a-f]{8})\)\s*$/i.exec(message);
  return match === null ? undefined : Number.parseInt(match[1]!, 16);
}

function hexCode(code: number | undefined): string {
  return code === undefined ? 'unknown PC/SC error' : `0x${code.toString(16).padStart(8, '0')}`;
}

/** Maps an error of SCardConnect to what the console is told. */
export function connectError(error: unknown): AgentError {
  const code = pcscErrorCode(error);
  if (code !== undefined && CARD_GONE.has(code)) return new AgentError('agent.no_card');
  if (code !== undefined && SERVICE_GONE.has(code)) {
    return new AgentError(code === 0x80100009 ? 'agent.no_reader' : 'agent.pcscd_unavailable', { detail: hexCode(code) });
  }
  if (code === SHARING_VIOLATION) {
    return new AgentError('agent.busy', { detail: 'another application holds the card' });
  }
  if (code === UNRESPONSIVE_CARD) return new AgentError('agent.not_beid', { detail: 'the card does not answer' });
  return new AgentError('agent.read_error', { detail: `SCardConnect failed (${hexCode(code)})` });
}

/** Maps an error of SCardTransmit to what the console is told. */
export function transmitError(error: unknown): AgentError {
  const code = pcscErrorCode(error);
  if (code !== undefined && (CARD_GONE.has(code) || code === NOT_TRANSACTED)) {
    return new AgentError('agent.card_removed', { detail: `SCardTransmit failed (${hexCode(code)})` });
  }
  if (code !== undefined && SERVICE_GONE.has(code)) return new AgentError('agent.pcscd_unavailable', { detail: hexCode(code) });
  return new AgentError('agent.read_error', { detail: `SCardTransmit failed (${hexCode(code)})` });
}

/**
 * A CardChannel over a pcsclite reader.
 *
 * A card pulled out mid-APDU does not make SCardTransmit fail: it returns a 0-byte response and only
 * the next call errors. Such a response is reported as `agent.card_removed` at once (as are
 * SCARD_W_REMOVED_CARD and SCARD_E_NOT_TRANSACTED), and the channel then refuses every later
 * exchange instead of asking pcscd again.
 */
export class PcscCardChannel implements OpenCardChannel {
  private removed = false;
  private closed = false;

  private constructor(
    private readonly reader: CardReader,
    private readonly protocol: number,
    readonly atr: Buffer,
  ) {}

  /** Connects exclusively (no other application interleaves APDUs during our read). */
  static async connect(reader: CardReader, atr: Buffer): Promise<PcscCardChannel> {
    if (reader.connected) await disconnect(reader); // a handle left over by a failed disconnect
    const protocol = await new Promise<number>((resolve, reject) => {
      reader.connect({ share_mode: reader.SCARD_SHARE_EXCLUSIVE }, (err, proto) => {
        if (err) reject(connectError(err));
        else resolve(proto);
      });
    });
    return new PcscCardChannel(reader, protocol, atr);
  }

  transmit(apdu: Buffer): Promise<Buffer> {
    if (this.closed) return Promise.reject(new AgentError('agent.internal', { detail: 'channel closed' }));
    if (this.removed) return Promise.reject(new AgentError('agent.card_removed'));
    return new Promise<Buffer>((resolve, reject) => {
      this.reader.transmit(apdu, MAX_RESPONSE, this.protocol, (err, response) => {
        if (err) {
          const mapped = transmitError(err);
          if (mapped.code === 'agent.card_removed') this.removed = true;
          reject(mapped);
        } else if (response.length === 0) {
          this.removed = true;
          reject(new AgentError('agent.card_removed', { detail: 'empty response' }));
        } else {
          resolve(response);
        }
      });
    });
  }

  /** Leaves the card powered (SCARD_LEAVE_CARD): the next read selects the applet again anyway. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await disconnect(this.reader);
  }
}

function disconnect(reader: CardReader): Promise<void> {
  return new Promise<void>((resolve) => {
    reader.disconnect(reader.SCARD_LEAVE_CARD, (err) => {
      // pcsclite keeps `connected = true` when SCardDisconnect fails (card already gone, pcscd
      // restarted), and its next connect() would then return at once without connecting.
      if (err) (reader as { connected: boolean }).connected = false;
      resolve();
    });
  });
}
