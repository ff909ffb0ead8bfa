import { EventEmitter } from 'node:events';
import type { CardReader, PcscLite } from '../pcsc/pcsclite';

/** The PC/SC state bits pcsclite reports (winscard.h values). */
export const STATE = { CHANGED: 0x2, EMPTY: 0x10, PRESENT: 0x20, EXCLUSIVE: 0x80, INUSE: 0x100, MUTE: 0x200 } as const;

/** A pcsclite CardReader double: emits what a test tells it to, answers transmit from `respond`. */
export class FakeReader extends EventEmitter implements CardReader {
  connected = false;
  readonly SCARD_SHARE_EXCLUSIVE = 1;
  readonly SCARD_SHARE_SHARED = 2;
  readonly SCARD_STATE_EMPTY = STATE.EMPTY;
  readonly SCARD_STATE_PRESENT = STATE.PRESENT;
  readonly SCARD_STATE_MUTE = STATE.MUTE;
  readonly SCARD_LEAVE_CARD = 0;
  connectError: Error | undefined;
  disconnectError: Error | undefined;
  respond: (apdu: Buffer) => Buffer | Error = () => Buffer.from([0x90, 0x00]);
  readonly transmitted: Buffer[] = [];
  closed = false;

  constructor(readonly name: string) {
    super();
  }

  connect(_options: { share_mode?: number }, callback: (err: unknown, protocol: number) => void): void {
    setImmediate(() => {
      if (this.connectError) return callback(this.connectError, 0);
      this.connected = true;
      callback(null, 2);
    });
  }

  disconnect(_disposition: number, callback: (err: unknown) => void): void {
    setImmediate(() => {
      if (this.disconnectError) return callback(this.disconnectError);
      this.connected = false;
      callback(null);
    });
  }

  transmit(data: Buffer, _len: number, _protocol: number, callback: (err: unknown, response: Buffer) => void): void {
    this.transmitted.push(data);
    setImmediate(() => {
      const result = this.respond(data);
      if (result instanceof Error) callback(result, Buffer.alloc(0));
      else callback(null, result);
    });
  }

  close(): void {
    this.closed = true;
  }

  status(state: number, atr?: Buffer): void {
    this.emit('status', atr === undefined ? { state } : { state, atr });
  }
}

export class FakePcsc extends EventEmitter implements PcscLite {
  closed = false;
  close(): void {
    this.closed = true;
  }
}
