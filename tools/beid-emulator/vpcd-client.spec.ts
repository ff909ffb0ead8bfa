import * as net from 'node:net';
import { DEMO_IDENTITIES } from './demo-identities';
import { buildCardProfile } from './identity-builder';
import { createTestPki } from './test-pki';
import { VirtualBeidCard } from './virtual-card';
import type { CardProfile } from './card-profile';

/** Plays vpcd's side of the socket: listens, sends control bytes and APDUs, reads framed answers. */
class FakeVpcd {
  private client: net.Socket | undefined;
  private received = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  private clientWaiters: Array<(socket: net.Socket) => void> = [];
  ended = false;

  private constructor(readonly server: net.Server) {
    server.on('connection', (socket) => {
      this.client = socket;
      socket.setNoDelay(true);
      socket.on('data', (chunk) => {
        this.received = Buffer.concat([this.received, chunk]);
        this.waiters.splice(0).forEach((wake) => wake());
      });
      socket.on('end', () => {
        this.ended = true;
        this.waiters.splice(0).forEach((wake) => wake());
      });
      socket.on('error', () => undefined);
      this.clientWaiters.splice(0).forEach((resolve) => resolve(socket));
    });
  }

  static async listen(port = 0): Promise<FakeVpcd> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return new FakeVpcd(server);
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  client$(): Promise<net.Socket> {
    if (this.client !== undefined) return Promise.resolve(this.client);
    return new Promise((resolve) => this.clientWaiters.push(resolve));
  }

  async send(payload: Buffer): Promise<void> {
    const socket = await this.client$();
    const frame = Buffer.alloc(2 + payload.length);
    frame.writeUInt16BE(payload.length, 0);
    payload.copy(frame, 2);
    socket.write(frame);
  }

  /** Next framed message from the card. */
  async receive(timeoutMs = 2000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.received.length >= 2) {
        const length = this.received.readUInt16BE(0);
        if (this.received.length >= 2 + length) {
          const payload = this.received.subarray(2, 2 + length);
          this.received = this.received.subarray(2 + length);
          return Buffer.from(payload);
        }
      }
      if (this.ended) throw new Error('card closed the connection');
      if (Date.now() > deadline) throw new Error('no answer from the card');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  async transmit(apdu: string): Promise<string> {
    await this.send(Buffer.from(apdu.replace(/\s+/g, ''), 'hex'));
    return (await this.receive()).toString('hex').toUpperCase();
  }

  async close(): Promise<void> {
    this.client?.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const GET_ATR = Buffer.of(0x04);

describe(VirtualBeidCard.name, () => {
  let profile: CardProfile;
  let vpcd: FakeVpcd;
  let card: VirtualBeidCard | undefined;

  beforeAll(async () => {
    profile = buildCardProfile(DEMO_IDENTITIES.jan, await createTestPki());
  });

  beforeEach(async () => {
    vpcd = await FakeVpcd.listen();
    card = undefined;
  });

  afterEach(async () => {
    await card?.remove();
    await vpcd.close();
  });

  it('resolves insert() once vpcd asks for the ATR, and answers with the ATR', async () => {
    const inserting = VirtualBeidCard.insert({ port: vpcd.port, profile, readyTimeoutMs: 5_000 });
    await vpcd.send(GET_ATR);
    card = await inserting;
    expect(await vpcd.receive()).toEqual(profile.atr);
    expect(card.isInserted).toBe(true);
  });

  it('resolves insert() after readyTimeoutMs when vpcd never asks', async () => {
    const started = Date.now();
    card = await VirtualBeidCard.insert({ port: vpcd.port, profile, readyTimeoutMs: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('does not answer power and reset messages, answers APDUs, and counts only APDUs', async () => {
    card = await VirtualBeidCard.insert({ port: vpcd.port, profile, readyTimeoutMs: 0 });
    await vpcd.send(Buffer.of(0x01));
    await vpcd.send(Buffer.of(0x02));
    await vpcd.send(Buffer.of(0x00));
    await vpcd.send(Buffer.of(0x01));
    await vpcd.send(GET_ATR);
    expect(await vpcd.receive()).toEqual(profile.atr); // the first answer is the ATR: nothing before it
    expect(await vpcd.transmit('00 A4 04 00 0F A00000003029057000AD13100101FF')).toBe('9000');
    expect(await vpcd.transmit('00 A4 08 0C 04 DF01 4031')).toBe('9000');
    expect(await vpcd.transmit('00 B0 00 00 04')).toBe(profile.files.identity.subarray(0, 4).toString('hex').toUpperCase() + '9000');
    expect(card.apduCount).toBe(3);
  });

  it('reassembles frames split across TCP segments and handles several frames in one segment', async () => {
    card = await VirtualBeidCard.insert({ port: vpcd.port, profile, readyTimeoutMs: 0 });
    const socket = await vpcd.client$();
    const frame = (hex: string): Buffer => {
      const payload = Buffer.from(hex, 'hex');
      return Buffer.concat([Buffer.from([payload.length >> 8, payload.length & 0xff]), payload]);
    };
    const bytes = frame('00A4080C04DF014031');
    for (const byte of bytes) {
      socket.write(Buffer.of(byte));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect((await vpcd.receive()).toString('hex')).toBe('9000');
    socket.write(Buffer.concat([frame('80E400001C'), Buffer.from('0001', 'hex'), Buffer.of(0x04)]));
    expect((await vpcd.receive()).subarray(-2).toString('hex')).toBe('9000');
    expect(await vpcd.receive()).toEqual(profile.atr);
  });

  it('leaves the reader right after answering removeAfterApdus APDUs', async () => {
    card = await VirtualBeidCard.insert({ port: vpcd.port, profile, removeAfterApdus: 2, readyTimeoutMs: 0 });
    expect(await vpcd.transmit('00 A4 08 0C 04 DF01 4031')).toBe('9000');
    expect((await vpcd.transmit('00 B0 00 00 10')).slice(-4)).toBe('9000');
    await card.removed;
    expect(card.isInserted).toBe(false);
    await vpcd.send(Buffer.from('00B0001010', 'hex')).catch(() => undefined);
    await expect(vpcd.receive(300)).rejects.toThrow(/closed|no answer/);
  });

  it('with removeMidCommand, leaves on the next command without answering it', async () => {
    card = await VirtualBeidCard.insert({
      port: vpcd.port,
      profile,
      removeAfterApdus: 1,
      removeMidCommand: true,
      readyTimeoutMs: 0,
    });
    expect(await vpcd.transmit('00 A4 08 0C 04 DF01 4031')).toBe('9000');
    expect(card.isInserted).toBe(true); // still in: it leaves only when the next command comes
    await vpcd.send(Buffer.from('00B00000FC', 'hex'));
    await card.removed;
    await expect(vpcd.receive(300)).rejects.toThrow(/closed|no answer/);
    expect(card.apduCount).toBe(1);
  });

  it('takes the defect profile`s removeAfterApdus by default', async () => {
    const leaving = buildCardProfile(DEMO_IDENTITIES.jan, await createTestPki(), {
      defect: 'remove-after',
      removeAfterApdus: 1,
    });
    card = await VirtualBeidCard.insert({ port: vpcd.port, profile: leaving, readyTimeoutMs: 0 });
    expect(await vpcd.transmit('80 E4 00 00 1C')).toMatch(/9000$/);
    await card.removed;
    expect(card.apduCount).toBe(1);
  });

  it('remove() closes the socket; vpcd sees the card go', async () => {
    card = await VirtualBeidCard.insert({ port: vpcd.port, profile, readyTimeoutMs: 0 });
    await vpcd.client$();
    await card.remove();
    await card.removed;
    await expect(vpcd.receive(500)).rejects.toThrow(/closed/);
  });

  it('reports removal when vpcd goes away (pcscd stopped)', async () => {
    card = await VirtualBeidCard.insert({ port: vpcd.port, profile, readyTimeoutMs: 0 });
    (await vpcd.client$()).destroy();
    await card.removed;
    expect(card.isInserted).toBe(false);
  });

  it('keeps retrying while vpcd is not listening yet', async () => {
    const port = vpcd.port;
    await vpcd.close();
    const inserting = VirtualBeidCard.insert({ port, profile, readyTimeoutMs: 0, retryIntervalMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    vpcd = await FakeVpcd.listen(port);
    card = await inserting;
    expect(await vpcd.transmit('80 E4 00 00 1C')).toMatch(/9000$/);
  });

  it('gives up with a clear message when vpcd never comes', async () => {
    const port = vpcd.port;
    await vpcd.close();
    vpcd = await FakeVpcd.listen(); // for afterEach
    await expect(
      VirtualBeidCard.insert({ port, profile, connectTimeoutMs: 300, retryIntervalMs: 50 }),
    ).rejects.toThrow(/vpcd is not listening on 127\.0\.0\.1:\d+.*pcscd/);
  });

  it('takes the card out again when aborted while waiting for the ATR request', async () => {
    const abort = new AbortController();
    const inserting = VirtualBeidCard.insert({ port: vpcd.port, profile, readyTimeoutMs: 5_000, signal: abort.signal });
    await vpcd.client$();
    abort.abort(new Error('stopped'));
    await expect(inserting).rejects.toThrow('stopped');
    await expect(vpcd.receive(500)).rejects.toThrow(/closed/);
  });

  it('stops retrying when aborted', async () => {
    const port = vpcd.port;
    await vpcd.close();
    vpcd = await FakeVpcd.listen();
    const abort = new AbortController();
    const inserting = VirtualBeidCard.insert({
      port,
      profile,
      connectTimeoutMs: Number.POSITIVE_INFINITY,
      retryIntervalMs: 50,
      signal: abort.signal,
    });
    setTimeout(() => abort.abort(new Error('swapped')), 150);
    await expect(inserting).rejects.toThrow('swapped');
  });
});
