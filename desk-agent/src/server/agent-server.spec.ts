import pino from 'pino';
import { PROTOCOL_VERSION } from '@sesame/desk-protocol';
import { BeidApplet, buildCardProfile, createTestPki, DEMO_IDENTITIES, type CardProfile } from '../../../tools/beid-emulator';
import { AgentError } from '../agent.error';
import type { OpenCardChannel } from '../pcsc/card-channel';
import type { PcscSnapshot, ReaderPort } from '../pcsc/pcsc-monitor';
import { TestConsole } from '../testing/ws-test-client';
import { AgentServer } from './agent-server';
import { PairingService } from './pairing';

const ORIGIN = 'http://localhost:3000';
const SECOND_ORIGIN = 'http://localhost:4200';
const READER = 'Virtual PCD 00 01';

/** A ReaderPort whose cards are emulator applets answering in-process (no pcscd). */
class FakeReaders implements ReaderPort {
  state: PcscSnapshot = { pcscd: 'ok', readers: [{ name: READER, card: 'absent' }] };
  profile: CardProfile | undefined;
  /** Delay before each APDU answer, to hold a read open. */
  apduDelayMs = 0;
  private readonly listeners = new Set<(snapshot: PcscSnapshot) => void>();

  snapshot(): PcscSnapshot {
    return this.state;
  }

  onChange(listener: (snapshot: PcscSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  insert(profile: CardProfile): void {
    this.profile = profile;
    this.set({ pcscd: 'ok', readers: [{ name: READER, card: 'beid', atr: profile.atr }] });
  }

  set(state: PcscSnapshot): void {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }

  async open(name: string): Promise<OpenCardChannel> {
    if (name !== READER || this.profile === undefined) throw new AgentError('agent.no_card');
    const applet = new BeidApplet(this.profile);
    const delay = this.apduDelayMs;
    return {
      atr: this.profile.atr,
      transmit: async (apdu) => {
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
        return applet.process(apdu);
      },
      close: async () => undefined,
    };
  }
}

describe(AgentServer.name, () => {
  let jan: CardProfile;
  let truncated: CardProfile;
  let server: AgentServer;
  let readers: FakeReaders;
  let codes: string[];
  let url: string;
  const consoles: TestConsole[] = [];

  beforeAll(async () => {
    const pki = await createTestPki();
    jan = buildCardProfile(DEMO_IDENTITIES.jan, pki, { generation: '1.7' });
    truncated = buildCardProfile(DEMO_IDENTITIES.jan, pki, { generation: '1.7', defect: 'truncated' });
  });

  beforeEach(async () => {
    readers = new FakeReaders();
    codes = [];
    const pairing = new PairingService({ codeTtlMs: 120_000, tokenTtlMs: 3600_000, onPairingCode: (code) => codes.push(code) });
    server = new AgentServer({
      port: 0,
      allowedOrigins: [ORIGIN, SECOND_ORIGIN],
      readers,
      pairing,
      log: pino({ level: 'silent' }),
    });
    await server.start();
    url = `ws://127.0.0.1:${server.port}`;
  });

  afterEach(async () => {
    for (const client of consoles.splice(0)) client.close();
    await server.stop();
  });

  async function open(origin: string | undefined = ORIGIN): Promise<TestConsole> {
    const client = await TestConsole.connect(url, origin);
    consoles.push(client);
    return client;
  }

  async function pairedConsole(origin = ORIGIN): Promise<{ client: TestConsole; token: string }> {
    const client = await open(origin);
    await client.request({ type: 'hello', protocol: PROTOCOL_VERSION }, 'hello');
    await client.request({ type: 'pair.start' }, 'pair.started');
    const paired = await client.request({ type: 'pair.confirm', code: codes[codes.length - 1]! }, 'paired');
    await client.next('status');
    return { client, token: paired.token };
  }

  it('listens on 127.0.0.1 only', () => {
    expect(server.port).toBeGreaterThan(0);
    expect((server as unknown as { wss: { address(): { address: string } } }).wss.address().address).toBe('127.0.0.1');
  });

  it.each([
    ['a foreign origin', 'https://evil.example'],
    ['a look-alike origin', 'http://localhost:3000.evil.example'],
    ['no origin at all', undefined],
  ])('refuses the handshake from %s with 403', async (_label, origin) => {
    await expect(TestConsole.connect(url, origin)).rejects.toMatchObject({ statusCode: 403 });
  });

  it('answers hello, and refuses another protocol version', async () => {
    const client = await open();

    expect(await client.exchange({ type: 'hello', protocol: 2 })).toEqual({
      type: 'error',
      code: 'agent.version_mismatch',
      expected: 1,
    });
    expect(await client.exchange({ type: 'hello', protocol: 1 })).toEqual({
      type: 'hello',
      agentVersion: expect.any(String),
      protocol: 1,
      paired: false,
    });
  });

  it('answers malformed input with agent.bad_message and keeps the connection', async () => {
    const client = await open();

    expect(await client.exchange({ type: 'status', token: 't' })).toMatchObject({
      code: 'agent.bad_message',
      detail: 'send hello first',
    });
    await client.request({ type: 'hello', protocol: 1 }, 'hello');
    client.sendRaw('{nope');
    expect(await client.next('error')).toMatchObject({ code: 'agent.bad_message', detail: 'not JSON' });
    client.sendRaw(Buffer.from([1, 2, 3]));
    expect(await client.next('error')).toMatchObject({ code: 'agent.bad_message', detail: 'binary frame' });
    expect(await client.exchange({ type: 'card.erase', requestId: 'r1' })).toMatchObject({
      type: 'error',
      code: 'agent.bad_message',
      requestId: 'r1',
    });
    expect(await client.exchange({ type: 'hello', protocol: 1 })).toMatchObject({ type: 'hello' });
  });

  it('closes a connection that sends an oversized frame', async () => {
    const client = await open();
    const closed = client.closed();

    client.sendRaw(JSON.stringify({ type: 'pair.confirm', code: 'x'.repeat(64 * 1024) }));

    expect(await closed).toBe(1009);
  });

  it('refuses card.read and status without a valid token', async () => {
    const client = await open();
    await client.request({ type: 'hello', protocol: 1 }, 'hello');

    expect(await client.exchange({ type: 'card.read', token: 'forged', requestId: 'r-1' })).toEqual({
      type: 'error',
      code: 'agent.not_paired',
      requestId: 'r-1',
    });
    expect(await client.exchange({ type: 'status', token: 'forged' })).toEqual({ type: 'error', code: 'agent.not_paired' });
  });

  it('pairs with the code shown on the agent screen, which never travels over the socket', async () => {
    const client = await open();
    await client.request({ type: 'hello', protocol: 1 }, 'hello');

    const started = await client.request({ type: 'pair.start' }, 'pair.started');
    const code = codes[0]!;
    const wrongCode = code[0] === 'A' ? `B${code.slice(1)}` : `A${code.slice(1)}`;
    const refused = await client.exchange({ type: 'pair.confirm', code: wrongCode });
    const paired = await client.request({ type: 'pair.confirm', code }, 'paired');
    const status = await client.next('status');

    expect(Date.parse(started.expiresAt) - Date.now()).toBeGreaterThan(100_000);
    expect(refused).toMatchObject({ type: 'error', code: 'agent.pair_code_invalid', attemptsLeft: 2 });
    expect(paired.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(status).toEqual({ type: 'status', pcscd: 'ok', readers: [{ name: READER, card: 'absent' }] });
    expect(JSON.stringify(client.received)).not.toContain(code);
  });

  it('binds the token to its origin and lets a reloaded console resume with hello', async () => {
    const { token } = await pairedConsole(ORIGIN);
    const other = await open(SECOND_ORIGIN);
    const reloaded = await open(ORIGIN);

    expect(await other.exchange({ type: 'hello', protocol: 1, token })).toMatchObject({ paired: false });
    expect(await other.exchange({ type: 'status', token })).toMatchObject({ code: 'agent.not_paired' });
    expect(await reloaded.exchange({ type: 'hello', protocol: 1, token })).toMatchObject({ paired: true });
    expect(await reloaded.next('status')).toMatchObject({ pcscd: 'ok' });
  });

  it('pushes status changes to paired consoles only', async () => {
    const { client } = await pairedConsole();
    const stranger = await open();
    await stranger.request({ type: 'hello', protocol: 1 }, 'hello');

    readers.insert(jan);

    expect(await client.next('status')).toEqual({
      type: 'status',
      pcscd: 'ok',
      readers: [{ name: READER, card: 'beid', atr: '3B9813400AA503010101AD1311' }],
    });
    readers.set({ pcscd: 'unavailable', readers: [] });
    expect(await client.next('status')).toEqual({ type: 'status', pcscd: 'unavailable', readers: [] });
    expect(stranger.received.filter((m) => m.type === 'status')).toEqual([]);
  });

  it('reads the card: raw files as on the card, parsed identity for display, stats', async () => {
    const { client, token } = await pairedConsole();
    readers.insert(jan);

    const result = await client.request({ type: 'card.read', token, requestId: 'read-1' }, 'card.read.result');

    expect(result).toMatchObject({
      requestId: 'read-1',
      reader: READER,
      atr: '3B9813400AA503010101AD1311',
      generation: '1.7',
      cardData: { chipSerial: DEMO_IDENTITIES.jan.chipNumber, appletVersion: '1.7' },
    });
    expect(Buffer.from(result.files.identity, 'base64')).toEqual(jan.files.identity);
    expect(Buffer.from(result.files.photo, 'base64')).toEqual(jan.files.photo);
    expect(Buffer.from(result.files.rrnCertificate, 'base64')).toEqual(jan.files.rrnCertificate);
    expect(result.files.basicPublicKey).toBeUndefined();
    expect(result.parsed.identity).toMatchObject({ surname: 'Peeters', firstNames: 'Jan Pieter' });
    expect(result.parsed.address).toMatchObject({ postalCode: '2000' });
    expect(result.stats.apdus).toBeGreaterThan(10);
  });

  it('tells why there is nothing to read', async () => {
    const { client, token } = await pairedConsole();

    expect(await client.exchange({ type: 'card.read', token, requestId: 'a' })).toMatchObject({ code: 'agent.no_card' });
    expect(await client.exchange({ type: 'card.read', token, requestId: 'b', reader: 'Nope' })).toMatchObject({
      code: 'agent.no_reader',
    });
    readers.set({ pcscd: 'ok', readers: [{ name: READER, card: 'unknown_card', atr: Buffer.from('3B00', 'hex') }] });
    expect(await client.exchange({ type: 'card.read', token, requestId: 'c' })).toMatchObject({
      code: 'agent.not_beid',
      requestId: 'c',
    });
    readers.set({ pcscd: 'unavailable', readers: [] });
    expect(await client.exchange({ type: 'card.read', token, requestId: 'd' })).toMatchObject({
      code: 'agent.pcscd_unavailable',
    });
  });

  it('ends the read with agent.read_error when the identity file does not decode', async () => {
    const { client, token } = await pairedConsole();
    readers.insert(truncated);

    expect(await client.exchange({ type: 'card.read', token, requestId: 'bad' })).toEqual({
      type: 'error',
      code: 'agent.read_error',
      requestId: 'bad',
      detail: 'identity file: beid.tlv.truncated',
    });
  });

  it('allows one read per reader at a time', async () => {
    const { client, token } = await pairedConsole();
    readers.insert(jan);
    readers.apduDelayMs = 2;

    const first = client.next('card.read.result', (m) => m.requestId === 'first', 10_000);
    const busy = client.next('error', (m) => m.requestId === 'second');
    client.send({ type: 'card.read', token, requestId: 'first' });
    client.send({ type: 'card.read', token, requestId: 'second' });

    expect(await busy).toMatchObject({ code: 'agent.busy' });
    expect((await first).requestId).toBe('first');
  });

  it('forgets the token on unpair', async () => {
    const { client, token } = await pairedConsole();

    expect(await client.exchange({ type: 'unpair', token })).toEqual({ type: 'unpaired' });
    expect(await client.exchange({ type: 'status', token })).toMatchObject({ code: 'agent.not_paired' });
  });
});
