import * as net from 'node:net';
import { canConnect, findFreePort, getRandomFreePort, isPortFree, pollUntil, waitForTcp } from './ports';

function listenOn(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => socket.end());
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

const close = (server: net.Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

describe('ports', () => {
  let busy: net.Server;
  let busyPort: number;

  beforeAll(async () => {
    busy = await listenOn(0);
    busyPort = (busy.address() as net.AddressInfo).port;
  });

  afterAll(() => close(busy));

  it('getRandomFreePort returns a bindable port', async () => {
    const port = await getRandomFreePort();
    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThan(65_536);
    await expect(isPortFree(port)).resolves.toBe(true);
  });

  it('isPortFree is false for a port in use', async () => {
    await expect(isPortFree(busyPort)).resolves.toBe(false);
  });

  it('findFreePort prefers the first free candidate', async () => {
    const free = await getRandomFreePort();
    await expect(findFreePort([busyPort, free])).resolves.toBe(free);
    await expect(findFreePort(free)).resolves.toBe(free);
  });

  it('findFreePort falls back to a random free port', async () => {
    const port = await findFreePort(busyPort);
    expect(port).not.toBe(busyPort);
    await expect(isPortFree(port)).resolves.toBe(true);
  });

  it('canConnect tells a listening port from a closed one', async () => {
    await expect(canConnect(busyPort)).resolves.toBe(true);
    await expect(canConnect(await getRandomFreePort())).resolves.toBe(false);
  });

  it('waitForTcp resolves once a server starts listening', async () => {
    const port = await getRandomFreePort();
    let late: net.Server | undefined;
    const timer = setTimeout(() => {
      void listenOn(port).then((server) => (late = server));
    }, 150);
    try {
      await expect(waitForTcp({ port, timeoutMs: 3000 })).resolves.toBeUndefined();
    } finally {
      clearTimeout(timer);
      if (late !== undefined) await close(late);
    }
  });

  it('waitForTcp rejects with a timeout error naming the address', async () => {
    const port = await getRandomFreePort();
    await expect(waitForTcp({ port, timeoutMs: 200 })).rejects.toThrow(
      `Timed out after 200 ms waiting for 127.0.0.1:${port} to accept TCP connections`,
    );
  });

  it('pollUntil stops early when told why', async () => {
    await expect(
      pollUntil(async () => false, { description: 'a process', timeoutMs: 5000, abortReason: () => 'it exited' }),
    ).rejects.toThrow('Gave up waiting for a process: it exited');
  });
});
