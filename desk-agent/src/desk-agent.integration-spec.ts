import pino from 'pino';
import type { CardReadResult, ReaderCardState } from '@sesame/desk-protocol';
import {
  ATR_APPLET_17,
  buildCardProfile,
  createTestPki,
  DEMO_IDENTITIES,
  reserveVpcdReader,
  VirtualBeidCard,
  VPCD_PORTS,
  VPCD_READER_NAMES,
  type CardProfile,
  type TestPki,
} from '../../tools/beid-emulator';
import { ensurePcscd, type PcscdHandle } from '../../tools/infra';
import { loadAgentConfig } from './agent.config';
import { startDeskAgent, type DeskAgent } from './desk-agent.factory';
import { TestConsole } from './testing/ws-test-client';

/**
 * The real stack: pcscd (ensurePcscd) ← vpcd "Virtual PCD 00 01" ← emulated cards on port 35964;
 * the agent reads through pcsclite and a `ws` client plays the console.
 */

const ORIGIN = 'http://localhost:3000';
const READER = VPCD_READER_NAMES.test;

describe('desk agent on pcscd + vpcd (integration)', () => {
  let pcscd: PcscdHandle;
  let pki: TestPki;
  let agent: DeskAgent;
  let client: TestConsole;
  let token: string;
  const codes: string[] = [];
  let card: VirtualBeidCard | undefined;
  let releaseReader: (() => Promise<void>) | undefined;

  /** Resolves once the agent reports `state` for the test reader (now, or at its next status push). */
  const waitForCard = (state: ReaderCardState, timeoutMs = 10_000) =>
    client.latest('status', (m) => m.readers.some((r) => r.name === READER && r.card === state), timeoutMs);

  async function insert(profile: CardProfile, removeAfterApdus?: number): Promise<VirtualBeidCard> {
    card = await VirtualBeidCard.insert({
      port: VPCD_PORTS.test,
      profile,
      ...(removeAfterApdus === undefined ? {} : { removeAfterApdus }),
    });
    return card;
  }

  async function removeCard(): Promise<void> {
    const inserted = card;
    card = undefined;
    if (inserted?.isInserted) await inserted.remove();
    await waitForCard('absent');
  }

  async function read(requestId: string): Promise<{ reply: CardReadResult | { type: 'error'; code: string } }> {
    const reply = await client.exchange({ type: 'card.read', token, requestId, reader: READER }, 60_000);
    if (reply.type !== 'card.read.result' && reply.type !== 'error') throw new Error(`unexpected ${reply.type}`);
    return { reply: reply as CardReadResult };
  }

  function expectSameFiles(result: CardReadResult, profile: CardProfile): void {
    const files = profile.files;
    const raw = (value: string | undefined) => (value === undefined ? undefined : Buffer.from(value, 'base64'));
    expect(raw(result.files.identity)).toEqual(files.identity);
    expect(raw(result.files.identitySignature)).toEqual(files.identitySignature);
    expect(raw(result.files.address)).toEqual(files.address);
    expect(raw(result.files.addressSignature)).toEqual(files.addressSignature);
    expect(raw(result.files.photo)).toEqual(files.photo);
    expect(raw(result.files.rrnCertificate)).toEqual(files.rrnCertificate);
    expect(raw(result.files.basicPublicKey)).toEqual(files.basicPublicKey);
  }

  beforeAll(async () => {
    pcscd = await ensurePcscd({ log: () => undefined });
    // The test reader is shared by every process on this machine: keep it for the whole suite, so
    // no other run's card shows up between ours (the emulator's cross-process lock).
    releaseReader = await reserveVpcdReader(VPCD_PORTS.test, { timeoutMs: 120_000 });
    pki = await createTestPki();
    const config = loadAgentConfig({
      DESK_AGENT_ALLOWED_ORIGINS: ORIGIN,
      DESK_AGENT_PORT: '0',
      DESK_AGENT_READER_FILTER: READER,
      DESK_AGENT_PCSCD_RETRY_MS: '200',
    });
    agent = await startDeskAgent(config, {
      onPairingCode: (code) => codes.push(code),
      log: pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
    });
    client = await TestConsole.connect(agent.url, ORIGIN);
  });

  // pcscd must see each card leave: a card swapped between two of its presence polls goes unnoticed.
  afterEach(async () => {
    if (card !== undefined) await removeCard();
  });

  afterAll(async () => {
    if (card?.isInserted) await card.remove();
    client?.close();
    await agent?.stop();
    await releaseReader?.();
    await pcscd?.stop();
  });

  it('pairs with the code shown on the agent screen and reports the test reader', async () => {
    expect(await client.exchange({ type: 'hello', protocol: 1 })).toMatchObject({ type: 'hello', paired: false });
    await client.request({ type: 'pair.start' }, 'pair.started');
    expect(codes).toHaveLength(1);

    const paired = await client.request({ type: 'pair.confirm', code: codes[0]! }, 'paired');
    token = paired.token;

    const status = await client.next('status', (m) => m.pcscd === 'ok' && m.readers.some((r) => r.name === READER));
    expect(status.readers.map((r) => r.name)).toEqual([READER]); // DESK_AGENT_READER_FILTER
    if (status.readers[0]?.card !== 'absent') await waitForCard('absent'); // a card left by another run
  });

  it('reads an RSA (applet 1.7) card: raw files as the card holds them, parsed names', async () => {
    const profile = buildCardProfile(DEMO_IDENTITIES.jan, pki, { generation: '1.7' });
    await insert(profile);
    expect((await waitForCard('beid')).readers[0]?.atr).toBe(profile.atr.toString('hex').toUpperCase());

    const { reply } = await read('read-17');

    expect(reply.type).toBe('card.read.result');
    const result = reply as CardReadResult;
    expect(result).toMatchObject({ reader: READER, generation: '1.7', cardData: { appletVersion: '1.7' } });
    expect(result.cardData.chipSerial).toBe(DEMO_IDENTITIES.jan.chipNumber);
    expectSameFiles(result, profile);
    expect(result.parsed.identity).toMatchObject({ surname: 'Peeters', firstNames: 'Jan Pieter' });
    expect(result.parsed.address).toMatchObject({ streetAndNumber: 'Lange Nieuwstraat 112 bus 3', postalCode: '2000' });
    expect(result.stats.apdus).toBe(card!.apduCount);
  });

  it('reports a card pulled out mid-read as agent.card_removed', async () => {
    const profile = buildCardProfile(DEMO_IDENTITIES.jan, pki, { generation: '1.7' });
    await insert(profile, 12);
    await waitForCard('beid');

    const { reply } = await read('read-pulled');

    // vpcd gives a 0-byte response or SCARD_E_NOT_TRANSACTED, depending on when the card leaves.
    expect(reply).toMatchObject({ type: 'error', code: 'agent.card_removed', requestId: 'read-pulled' });
    expect(card!.apduCount).toBe(12);
  });

  it('reads an ECDSA (applet 1.8) card, basic public key included', async () => {
    const profile = buildCardProfile(DEMO_IDENTITIES.francoise, pki, { generation: '1.8' });
    await insert(profile);
    await waitForCard('beid');

    const { reply } = await read('read-18');

    expect(reply.type).toBe('card.read.result');
    const result = reply as CardReadResult;
    expect(result).toMatchObject({ generation: '1.8', atr: profile.atr.toString('hex').toUpperCase() });
    expectSameFiles(result, profile);
    expect(result.files.basicPublicKey).toBeDefined();
    expect(result.parsed.identity).toMatchObject({ surname: 'Dubois-Lefèvre', firstNames: 'Françoise Émilie' });
  });

  it('refuses a card with an unknown ATR as agent.not_beid, without reading it', async () => {
    const profile = buildCardProfile(DEMO_IDENTITIES.jan, pki, { generation: '1.7', defect: 'unknown-atr' });
    await insert(profile);
    await waitForCard('unknown_card');

    const { reply } = await read('read-foreign');

    expect(reply).toMatchObject({ type: 'error', code: 'agent.not_beid', requestId: 'read-foreign' });
    expect(card!.apduCount).toBe(0);
  });

  it('refuses a card with a BEID ATR whose BELPIC applet SELECT fails as agent.not_beid', async () => {
    const foreign = buildCardProfile(DEMO_IDENTITIES.jan, pki, { generation: '1.7', defect: 'unknown-atr' });
    await insert({ ...foreign, atr: ATR_APPLET_17 });
    await waitForCard('beid');

    const { reply } = await read('read-no-applet');

    expect(reply).toMatchObject({ type: 'error', code: 'agent.not_beid', sw: '6A82' });
  });

  it('refuses a page from another origin (403) and an unpaired console', async () => {
    await expect(TestConsole.connect(agent.url, 'https://evil.example')).rejects.toMatchObject({ statusCode: 403 });
    const stranger = await TestConsole.connect(agent.url, ORIGIN);
    try {
      await stranger.request({ type: 'hello', protocol: 1 }, 'hello');
      expect(await stranger.exchange({ type: 'card.read', token: 'not-a-token', requestId: 'x' })).toEqual({
        type: 'error',
        code: 'agent.not_paired',
        requestId: 'x',
      });
    } finally {
      stranger.close();
    }
  });
});
