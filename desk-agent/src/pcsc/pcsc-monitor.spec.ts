import pino from 'pino';
import { FakePcsc, FakeReader, STATE } from '../testing/fake-pcsclite';
import { PcscMonitor, type PcscSnapshot } from './pcsc-monitor';

const BEID_ATR = Buffer.from('3B9813400AA503010101AD1311', 'hex');
const OTHER_ATR = Buffer.from('3B8F8001804F0CA000000306', 'hex');
const log = pino({ level: 'silent' });
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function setup(options: { readerFilter?: string; failFirst?: number } = {}) {
  const instances: FakePcsc[] = [];
  let failures = options.failFirst ?? 0;
  const factory = jest.fn(() => {
    if (failures > 0) {
      failures--;
      throw new Error('SCardEstablishContext error: Service not available.(0x8010001d)');
    }
    const pcsc = new FakePcsc();
    instances.push(pcsc);
    return pcsc;
  });
  const monitor = new PcscMonitor({
    log,
    factory,
    retryMs: 10,
    classifyAtr: (atr) => (atr.equals(BEID_ATR) ? 'beid' : 'unknown_card'),
    ...(options.readerFilter === undefined ? {} : { readerFilter: options.readerFilter }),
  });
  const changes: PcscSnapshot[] = [];
  monitor.onChange((snapshot) => changes.push(snapshot));
  return { monitor, factory, instances, changes };
}

const waitFor = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
};

describe(PcscMonitor.name, () => {
  let current: PcscMonitor | undefined;
  afterEach(() => current?.stop());

  it('reports pcscd unavailable while it cannot be reached, and retries until it can', async () => {
    const { monitor, factory, changes } = setup({ failFirst: 3 });
    current = monitor;

    monitor.start();
    expect(monitor.snapshot()).toEqual({ pcscd: 'unavailable', readers: [] });
    await waitFor(() => factory.mock.calls.length === 4);

    expect(monitor.snapshot().pcscd).toBe('ok');
    // One change when it became unavailable (not one per failed retry), one when it came back.
    expect(changes.map((change) => change.pcscd)).toEqual(['unavailable', 'ok']);
  });

  it('follows readers and cards from status events (PRESENT / EMPTY / MUTE bits)', async () => {
    const { monitor, instances, changes } = setup();
    current = monitor;
    monitor.start();
    const reader = new FakeReader('Virtual PCD 00 01');
    instances[0]!.emit('reader', reader);

    reader.status(STATE.EMPTY);
    expect(monitor.snapshot().readers).toEqual([{ name: 'Virtual PCD 00 01', card: 'absent' }]);
    reader.status(STATE.PRESENT | STATE.CHANGED, BEID_ATR);
    expect(monitor.snapshot().readers).toEqual([{ name: 'Virtual PCD 00 01', card: 'beid', atr: BEID_ATR }]);
    const before = changes.length;
    reader.status(STATE.PRESENT | STATE.INUSE | STATE.EXCLUSIVE, BEID_ATR); // our own read: no change
    expect(changes).toHaveLength(before);
    reader.status(STATE.EMPTY | STATE.CHANGED);
    expect(monitor.snapshot().readers[0]).toEqual({ name: 'Virtual PCD 00 01', card: 'absent' });
    reader.status(STATE.PRESENT, OTHER_ATR);
    expect(monitor.snapshot().readers[0]?.card).toBe('unknown_card');
    reader.status(STATE.PRESENT | STATE.MUTE);
    expect(monitor.snapshot().readers[0]).toEqual({ name: 'Virtual PCD 00 01', card: 'present' });
    reader.emit('end');
    expect(monitor.snapshot().readers).toEqual([]);
  });

  it('ignores readers outside DESK_AGENT_READER_FILTER', () => {
    const { monitor, instances } = setup({ readerFilter: 'pcd 00 01' });
    current = monitor;
    monitor.start();

    instances[0]!.emit('reader', new FakeReader('Virtual PCD 00 00'));
    instances[0]!.emit('reader', new FakeReader('Virtual PCD 00 01'));

    expect(monitor.snapshot().readers.map((reader) => reader.name)).toEqual(['Virtual PCD 00 01']);
  });

  it('drops everything when pcscd goes away and reconnects', async () => {
    const { monitor, instances, factory } = setup();
    current = monitor;
    monitor.start();
    const reader = new FakeReader('Virtual PCD 00 01');
    instances[0]!.emit('reader', reader);
    reader.status(STATE.PRESENT, BEID_ATR);

    instances[0]!.emit('error', new Error('SCardGetStatusChange error: Service not available.(0x8010001d)'));

    expect(monitor.snapshot()).toEqual({ pcscd: 'unavailable', readers: [] });
    await waitFor(() => factory.mock.calls.length === 2);
    expect(instances[0]!.closed).toBe(true);
    expect(reader.closed).toBe(true);
    expect(monitor.snapshot().pcscd).toBe('ok');
  });

  it('opens a channel only on a reader with a card', async () => {
    const { monitor, instances } = setup();
    current = monitor;
    monitor.start();
    const reader = new FakeReader('R');
    instances[0]!.emit('reader', reader);
    reader.status(STATE.EMPTY);

    await expect(monitor.open('nope')).rejects.toMatchObject({ code: 'agent.no_reader' });
    await expect(monitor.open('R')).rejects.toMatchObject({ code: 'agent.no_card' });
    reader.status(STATE.PRESENT, BEID_ATR);
    const channel = await monitor.open('R');
    expect(channel.atr).toEqual(BEID_ATR);
    expect(reader.connected).toBe(true);
    await channel.close();
    expect(reader.connected).toBe(false);
  });

  it('survives a reader error event', async () => {
    const { monitor, instances } = setup();
    current = monitor;
    monitor.start();
    const reader = new FakeReader('R');
    instances[0]!.emit('reader', reader);

    expect(() => reader.emit('error', new Error('boom'))).not.toThrow();
    await tick();
    expect(monitor.snapshot().readers).toHaveLength(1);
  });
});
