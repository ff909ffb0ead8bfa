import { TestBed } from '@angular/core/testing';
import { AGENT_ERROR_CODES } from '@sesame/desk-protocol';
import en from '../../../../../public/i18n/en.json';
import { DESK_AGENT_SOCKET_FACTORY, DESK_AGENT_TOKEN_STORAGE_KEY, DESK_AGENT_URL, DeskAgentSocket } from '../desk-agent.config';
import { agentErrorKey, DeskAgentError, DeskAgentService } from './desk-agent.service';

/** A WebSocket the test drives: it records what the service sends and plays the agent's part. */
class FakeSocket implements DeskAgentSocket {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  readonly sent: Record<string, unknown>[] = [];

  constructor(readonly url: string) {}

  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(): void {
    if (this.readyState !== 3) {
      this.readyState = 3;
      this.onclose?.(new CloseEvent('close', { code: 1000 }));
    }
  }

  /** The agent accepted the connection. */
  accept(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  /** Nothing listens on the port: the browser reports an error, then the close. */
  refuse(): void {
    this.readyState = 3;
    this.onerror?.(new Event('error'));
    this.onclose?.(new CloseEvent('close', { code: 1006 }));
  }

  receive(message: object): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(message) }));
  }

  lastSent(): Record<string, unknown> | undefined {
    return this.sent[this.sent.length - 1];
  }
}

const HELLO = { type: 'hello', agentVersion: '0.1.0', protocol: 1 };
const STATUS = { type: 'status', pcscd: 'ok', readers: [{ name: 'ACS ACR38U 00 00', card: 'beid', atr: '3B9813400AA503010101AD1311' }] };

function aReadResult(requestId: string): object {
  return {
    type: 'card.read.result',
    requestId,
    reader: 'ACS ACR38U 00 00',
    atr: '3B9813400AA503010101AD1311',
    generation: '1.8',
    cardData: { chipSerial: '00', appletVersion: '1.8' },
    files: { identity: 'AQ==', identitySignature: 'Ag==', address: 'Aw==', addressSignature: 'BA==', photo: 'BQ==', rrnCertificate: 'Bg==' },
    parsed: { identity: {}, address: {} },
    stats: { apdus: 42, ms: 1800 },
  };
}

describe(DeskAgentService.name, () => {
  let sockets: FakeSocket[];
  let factory: ReturnType<typeof vi.fn>;
  let agent: DeskAgentService;

  beforeEach(() => {
    sessionStorage.clear();
    sockets = [];
    factory = vi.fn((url: string) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    });
    configure();
  });

  function configure(): void {
    TestBed.configureTestingModule({
      providers: [
        { provide: DESK_AGENT_SOCKET_FACTORY, useValue: factory },
        { provide: DESK_AGENT_URL, useValue: 'ws://127.0.0.1:35990' },
      ],
    });
    agent = TestBed.inject(DeskAgentService);
  }

  afterEach(() => {
    agent.disconnect();
    vi.useRealTimers();
  });

  function socket(): FakeSocket {
    return sockets[sockets.length - 1];
  }

  /** Connected and paired with token `tok-1`, reader status received. */
  async function paired(): Promise<void> {
    agent.connect();
    socket().accept();
    socket().receive({ ...HELLO, paired: false });
    const started = agent.startPairing();
    socket().receive({ type: 'pair.started', expiresAt: '2026-11-24T10:02:00.000Z' });
    await started;
    const confirmed = agent.confirmPairing('abc234');
    socket().receive({ type: 'paired', token: 'tok-1', expiresAt: '2026-11-24T22:00:00.000Z' });
    socket().receive(STATUS);
    await confirmed;
  }

  it('says hello with its protocol version, then reports an unpaired agent', () => {
    agent.connect();
    expect(factory).toHaveBeenCalledWith('ws://127.0.0.1:35990');
    expect(agent.state()).toBe('connecting');

    socket().accept();
    expect(socket().sent).toEqual([{ type: 'hello', protocol: 1 }]);

    socket().receive({ ...HELLO, paired: false });
    expect(agent.state()).toBe('unpaired');
    expect(agent.agentVersion()).toBe('0.1.0');
  });

  it('pairs with the code shown by the agent and keeps the token for this tab only', async () => {
    agent.connect();
    socket().accept();
    socket().receive({ ...HELLO, paired: false });

    const started = agent.startPairing();
    expect(socket().lastSent()).toEqual({ type: 'pair.start' });
    socket().receive({ type: 'pair.started', expiresAt: '2026-11-24T10:02:00.000Z' });
    expect(await started).toBe('2026-11-24T10:02:00.000Z');

    const confirmed = agent.confirmPairing(' abc-234 ');
    // The typed code is normalised; pairing messages carry no token (the agent's schema is strict).
    expect(socket().lastSent()).toEqual({ type: 'pair.confirm', code: 'ABC234' });
    socket().receive({ type: 'paired', token: 'tok-1', expiresAt: '2026-11-24T22:00:00.000Z' });
    await confirmed;

    expect(agent.state()).toBe('paired');
    expect(sessionStorage.getItem(DESK_AGENT_TOKEN_STORAGE_KEY)).toBe('tok-1');
    expect(localStorage.getItem(DESK_AGENT_TOKEN_STORAGE_KEY)).toBeNull();

    socket().receive(STATUS);
    expect(agent.pcscd()).toBe('ok');
    expect(agent.readers()).toEqual(STATUS.readers);
    expect(agent.cardState()).toBe('beid');
  });

  it('rejects a wrong pairing code with the attempts left', async () => {
    agent.connect();
    socket().accept();
    socket().receive({ ...HELLO, paired: false });
    const started = agent.startPairing();
    socket().receive({ type: 'pair.started', expiresAt: '2026-11-24T10:02:00.000Z' });
    await started;

    const confirmed = agent.confirmPairing('ZZZZZZ');
    socket().receive({ type: 'error', code: 'agent.pair_code_invalid', attemptsLeft: 2, detail: 'wrong code' });

    await expect(confirmed).rejects.toMatchObject({ code: 'agent.pair_code_invalid', attemptsLeft: 2 });
    expect(agent.state()).toBe('unpaired');
    expect(agent.lastError()).toEqual({ code: 'agent.pair_code_invalid', attemptsLeft: 2 });
    expect(sessionStorage.getItem(DESK_AGENT_TOKEN_STORAGE_KEY)).toBeNull();
  });

  it('sends the token with every message once paired, and resumes the pairing on the next connection', async () => {
    await paired();

    const read = agent.readCard();
    const request = socket().lastSent();
    expect(request).toMatchObject({ type: 'card.read', token: 'tok-1' });
    expect(request?.['requestId']).toMatch(/^[A-Za-z0-9._:-]{1,64}$/);
    agent.refreshStatus();
    expect(socket().lastSent()).toEqual({ type: 'status', token: 'tok-1' });

    socket().receive(aReadResult(request?.['requestId'] as string));
    expect((await read).files.photo).toBe('BQ==');

    // The agent restarts: the service reconnects by itself and offers the token in its hello.
    vi.useFakeTimers();
    socket().refuse();
    expect(agent.state()).toBe('not_running');
    expect(agent.readers()).toEqual([]);
    vi.advanceTimersByTime(1_000);
    expect(sockets).toHaveLength(2);
    socket().accept();
    expect(socket().sent).toEqual([{ type: 'hello', protocol: 1, token: 'tok-1' }]);
    socket().receive({ ...HELLO, paired: true });
    expect(agent.state()).toBe('paired');
  });

  it('forgets a token the agent no longer knows', () => {
    // A reloaded page: the token is in this tab's storage before the service starts.
    TestBed.resetTestingModule();
    sessionStorage.setItem(DESK_AGENT_TOKEN_STORAGE_KEY, 'stale');
    configure();
    agent.connect();
    socket().accept();
    expect(socket().sent).toEqual([{ type: 'hello', protocol: 1, token: 'stale' }]);

    socket().receive({ ...HELLO, paired: false });
    expect(agent.state()).toBe('unpaired');
    expect(sessionStorage.getItem(DESK_AGENT_TOKEN_STORAGE_KEY)).toBeNull();
  });

  it('says not_running when nothing answers, and keeps retrying with a growing delay', () => {
    vi.useFakeTimers();
    agent.connect();
    socket().refuse();
    expect(agent.state()).toBe('not_running');

    vi.advanceTimersByTime(999);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);

    socket().refuse();
    vi.advanceTimersByTime(1_999);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    expect(agent.state()).toBe('not_running');

    agent.disconnect();
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(3);
  });

  it('says not_running when the socket cannot even be created', () => {
    factory.mockImplementationOnce(() => {
      throw new DOMException('blocked', 'SecurityError');
    });
    agent.connect();
    expect(agent.state()).toBe('not_running');
  });

  it('does not read a card before pairing', async () => {
    agent.connect();
    socket().accept();
    socket().receive({ ...HELLO, paired: false });

    await expect(agent.readCard()).rejects.toMatchObject({ code: 'agent.not_paired' });
    expect(socket().sent).toEqual([{ type: 'hello', protocol: 1 }]);
  });

  it('maps an error to the read it answers', async () => {
    await paired();
    const read = agent.readCard();
    const requestId = socket().lastSent()?.['requestId'] as string;

    socket().receive({ type: 'error', code: 'agent.card_removed', requestId, sw: '6F00' });

    const error: unknown = await read.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeskAgentError);
    expect((error as DeskAgentError).code).toBe('agent.card_removed');
    expect(agentErrorKey((error as DeskAgentError).code)).toBe('desk.agent_error.card_removed');
    expect(agent.state()).toBe('paired');
  });

  it('goes back to unpaired when the agent forgot the pairing', async () => {
    await paired();
    const read = agent.readCard();
    const requestId = socket().lastSent()?.['requestId'] as string;

    socket().receive({ type: 'error', code: 'agent.not_paired', requestId });

    await expect(read).rejects.toMatchObject({ code: 'agent.not_paired' });
    expect(agent.state()).toBe('unpaired');
    expect(sessionStorage.getItem(DESK_AGENT_TOKEN_STORAGE_KEY)).toBeNull();
  });

  it('fails a read in progress when the agent goes away', async () => {
    await paired();
    const read = agent.readCard();
    socket().refuse();

    await expect(read).rejects.toMatchObject({ code: 'agent.unreachable' });
    expect(agent.state()).toBe('not_running');
  });

  it('reports a protocol version mismatch', () => {
    agent.connect();
    socket().accept();
    socket().receive({ type: 'error', code: 'agent.version_mismatch', expected: 2 });

    expect(agent.state()).toBe('version_mismatch');
    expect(agent.expectedProtocol()).toBe(2);
    expect(socket().readyState).toBe(3);
  });

  it('has a plain-language message for every agent error code', () => {
    const messages = (en as { desk: { agent_error: Record<string, string> } }).desk.agent_error;
    for (const code of [...AGENT_ERROR_CODES, 'agent.unreachable', 'agent.timeout']) {
      const key = agentErrorKey(code);
      expect(key.startsWith('desk.agent_error.'), code).toBe(true);
      expect(messages[key.slice('desk.agent_error.'.length)], code).toBeTruthy();
    }
    expect(agentErrorKey('agent.something_new')).toBe('desk.agent_error.internal');
  });
});
