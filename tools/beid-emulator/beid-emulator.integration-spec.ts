import pcsclite = require('pcsclite');
import { ensurePcscd, type PcscdHandle } from '../infra';
import { DEMO_IDENTITIES } from './demo-identities';
import { buildCardProfile, withIdentityFileLength } from './identity-builder';
import {
  createTestPki,
  reserveVpcdReader,
  VirtualBeidCard,
  VPCD_PORTS,
  VPCD_READER_NAMES,
  type CardProfile,
  type TestPki,
} from './index';

/**
 * The emulator through the real stack: vpcd driver inside pcscd, read with the `pcsclite` addon
 * the way the desk agent reads a card. Uses "Virtual PCD 00 01" (port 35964).
 */

const READER = VPCD_READER_NAMES.test;

type PcscContext = ReturnType<typeof pcsclite>;
type Reader = Parameters<Parameters<PcscContext['on']>[1]>[0] & { close(): void };
interface ReaderStatus {
  state: number;
  atr?: Buffer;
}

/** The reader's status, kept up to date from pcsclite's events, with a way to wait for a state. */
class WatchedReader {
  private status: ReaderStatus = { state: 0 };
  private listeners: Array<() => void> = [];
  protocol = 0;

  constructor(readonly reader: Reader) {
    reader.on('status', (status: ReaderStatus) => {
      this.status = status;
      this.listeners.forEach((listener) => listener());
    });
  }

  get present(): boolean {
    return (this.status.state & this.reader.SCARD_STATE_PRESENT) !== 0;
  }

  get empty(): boolean {
    return (this.status.state & this.reader.SCARD_STATE_EMPTY) !== 0;
  }

  get atr(): Buffer | undefined {
    return this.status.atr;
  }

  waitFor(what: string, predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== check);
        reject(new Error(`${READER}: timed out waiting for ${what} (state 0x${this.status.state.toString(16)})`));
      }, timeoutMs);
      const check = (): void => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== check);
        resolve();
      };
      this.listeners.push(check);
    });
  }

  connect(): Promise<void> {
    return new Promise((resolve, reject) =>
      this.reader.connect({ share_mode: this.reader.SCARD_SHARE_SHARED }, (error, protocol) => {
        if (error) return reject(error);
        this.protocol = protocol;
        resolve();
      }),
    );
  }

  disconnect(): Promise<void> {
    return new Promise((resolve) => this.reader.disconnect(this.reader.SCARD_LEAVE_CARD, () => resolve()));
  }

  transmit(apdu: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) =>
      this.reader.transmit(apdu, 4096, this.protocol, (error, response) => (error ? reject(error) : resolve(response))),
    );
  }
}

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const statusWord = (response: Buffer): string => response.subarray(-2).toString('hex').toUpperCase();

/** SELECT by path, then eid-mw's READ BINARY loop: 252-byte chunks, 6Cxx resend, 6B00 = end. */
async function readCardFile(reader: WatchedReader, path: string): Promise<Buffer> {
  const select = await reader.transmit(hex(`00 A4 08 0C 04 ${path}`));
  expect(statusWord(select)).toBe('9000');
  const parts: Buffer[] = [];
  let offset = 0;
  let le = 252;
  for (;;) {
    const response = await reader.transmit(Buffer.from([0x00, 0xb0, offset >> 8, offset & 0xff, le & 0xff]));
    if (response.length < 2) throw new Error(`READ BINARY at ${offset}: ${response.length}-byte response (card gone?)`);
    const sw = statusWord(response);
    if (sw.startsWith('6C')) {
      le = response[response.length - 1] || 256;
      continue;
    }
    if (sw === '6B00' && offset > 0) break;
    if (sw !== '9000') throw new Error(`READ BINARY at ${offset}: ${sw}`);
    const data = response.subarray(0, -2);
    parts.push(Buffer.from(data));
    offset += data.length;
    if (data.length < 252) break;
    le = 252;
  }
  return Buffer.concat(parts);
}

describe('BEID emulator on pcscd + vpcd (pcsclite)', () => {
  let pki: TestPki;
  let pcsc: PcscContext;
  let reader: WatchedReader;
  let card: VirtualBeidCard | undefined;
  let releaseReader: (() => Promise<void>) | undefined;
  let pcscd: PcscdHandle | undefined;

  beforeAll(async () => {
    // The daemon already running, or one started here (without APDU logging) and stopped after.
    pcscd = await ensurePcscd({ log: () => undefined });
    // Other suites (desk agent) use the same reader: take turns for the whole suite.
    releaseReader = await reserveVpcdReader(VPCD_PORTS.test, { timeoutMs: 80_000 });
    pki = await createTestPki();
    pcsc = pcsclite();
    reader = await new Promise<WatchedReader>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `pcscd has no reader "${READER}". Is vsmartcard-vpcd installed, and was pcscd started after it? ` +
                'Restart pcscd (pcscd -f -i &).',
            ),
          ),
        10_000,
      );
      pcsc.on('error', reject);
      pcsc.on('reader', (found) => {
        if (found.name !== READER) return;
        clearTimeout(timer);
        resolve(new WatchedReader(found as Reader));
      });
    });
    await reader.waitFor('an empty reader (another virtual card is in it?)', () => reader.empty, 15_000);
  }, 120_000);

  afterEach(async () => {
    await reader?.disconnect();
    await card?.remove();
    card = undefined;
    await reader?.waitFor('the reader to empty', () => reader.empty).catch(() => undefined);
  });

  afterAll(async () => {
    // Every reader pcsclite watches (the demo reader too) is closed; once pcscd stops, their watchers
    // report "RPC transport error", which is expected now.
    const watched = Object.values((pcsc as unknown as { readers?: Record<string, Reader> } | undefined)?.readers ?? {});
    for (const each of watched) {
      each.on('error', () => undefined);
      each.close();
    }
    pcsc?.on('error', () => undefined);
    pcsc?.close();
    await releaseReader?.();
    await pcscd?.stop();
  });

  async function insert(profile: CardProfile, removeAfterApdus?: number): Promise<VirtualBeidCard> {
    card = await VirtualBeidCard.insert({ port: VPCD_PORTS.test, profile, removeAfterApdus });
    await reader.waitFor('the card to be present', () => reader.present);
    expect(reader.atr).toEqual(profile.atr);
    await reader.connect();
    return card;
  }

  it('reads the identity file of a 1.8 card through SELECT and chunked READ BINARY, then sees it removed', async () => {
    const profile = buildCardProfile(DEMO_IDENTITIES.francoise, pki, { generation: '1.8' });
    const inserted = await insert(profile);

    expect(statusWord(await reader.transmit(hex('00 A4 04 00 0F A00000003029057000AD13100101FF')))).toBe('9000');
    const cardData = await reader.transmit(hex('80 E4 00 00 1C'));
    expect(statusWord(cardData)).toBe('9000');
    expect(cardData[21]).toBe(0x18);

    const before = inserted.apduCount;
    const identity = await readCardFile(reader, 'DF01 4031');
    expect(identity).toEqual(profile.files.identity);
    // 260 bytes: SELECT; READ 0/252 → 252 bytes; READ 252/252 → 6C08; READ 252/8 → 8 bytes.
    expect(profile.files.identity).toHaveLength(260);
    expect(inserted.apduCount - before).toBe(4);

    expect(await readCardFile(reader, 'DF01 4035')).toEqual(profile.files.photo);
    expect(await readCardFile(reader, 'DF00 503C')).toEqual(profile.files.rrnCertificate);

    await reader.disconnect();
    await inserted.remove();
    await reader.waitFor('the card removal', () => reader.empty);
    expect(reader.present).toBe(false);
  });

  it('serves a 504-byte identity file (6B00 at offset 504) and 61xx/GET RESPONSE on a 1.7 card', async () => {
    const identity = withIdentityFileLength(DEMO_IDENTITIES.jan, '1.7', 504);
    const profile = buildCardProfile(identity, pki, { generation: '1.7', useGetResponse: true });
    await insert(profile);

    const first = await reader.transmit(hex('80 E4 00 00 1C'));
    expect(first.toString('hex').toUpperCase()).toBe('611C');
    const cardData = await reader.transmit(hex('00 C0 00 00 1C'));
    expect(cardData.subarray(0, -2)).toEqual(profile.cardData);
    expect(await readCardFile(reader, 'DF01 4031')).toEqual(profile.files.identity);
  });

  it('fails the next transmit when the card leaves right after an answer (remove-after)', async () => {
    const profile = buildCardProfile(DEMO_IDENTITIES.emma, pki, { defect: 'remove-after', removeAfterApdus: 3 });
    const inserted = await insert(profile);
    expect(statusWord(await reader.transmit(hex('00 A4 08 0C 04 DF01 4035')))).toBe('9000');
    expect(await reader.transmit(hex('00 B0 00 00 FC'))).toHaveLength(254);
    expect(await reader.transmit(hex('00 B0 00 FC FC'))).toHaveLength(254);
    await expect(reader.transmit(hex('00 B0 01 F8 FC'))).rejects.toThrow(/SCardTransmit/);
    await inserted.removed;
    expect(inserted.apduCount).toBe(3);
    await reader.waitFor('the card removal', () => reader.empty);
  });

  it('gives a 0-byte response when the card leaves while the reader waits (mid-command), then errors', async () => {
    const profile = buildCardProfile(DEMO_IDENTITIES.emma, pki);
    card = await VirtualBeidCard.insert({ port: VPCD_PORTS.test, profile, removeAfterApdus: 2, removeMidCommand: true });
    await reader.waitFor('the card to be present', () => reader.present);
    await reader.connect();
    expect(statusWord(await reader.transmit(hex('00 A4 08 0C 04 DF01 4035')))).toBe('9000');
    expect(await reader.transmit(hex('00 B0 00 00 FC'))).toHaveLength(254);
    expect(await reader.transmit(hex('00 B0 00 FC FC'))).toHaveLength(0);
    await expect(reader.transmit(hex('00 B0 01 F8 FC'))).rejects.toThrow(/SCardTransmit/);
    await reader.waitFor('the card removal', () => reader.empty);
    expect(card.apduCount).toBe(2);
  });
});
