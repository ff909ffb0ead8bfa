import * as net from 'node:net';

export const LOCALHOST = '127.0.0.1';

/** True when `host:port` can be bound right now (nothing listens there). */
export function isPortFree(port: number, host: string = LOCALHOST): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') resolve(false);
      else reject(err);
    });
    server.listen({ port, host, exclusive: true }, () => {
      server.close(() => resolve(true));
    });
  });
}

/** A port the kernel considers free on `host` (bind to port 0, read it back, release it). */
export function getRandomFreePort(host: string = LOCALHOST): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error(`Could not read the port bound on ${host}`));
      });
    });
  });
}

/**
 * The first of `preferred` that is free on `host`, else a random free port.
 * (A port found free can still be taken by someone else before you bind it: bind soon.)
 */
export async function findFreePort(
  preferred: number | readonly number[] = [],
  host: string = LOCALHOST,
): Promise<number> {
  const candidates = typeof preferred === 'number' ? [preferred] : preferred;
  for (const port of candidates) {
    if (await isPortFree(port, host)) return port;
  }
  return getRandomFreePort(host);
}

/** True when a TCP connection to `host:port` is accepted within `timeoutMs`. */
export function canConnect(port: number, host: string = LOCALHOST, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export interface PollOptions {
  /** What we are waiting for, used in the timeout error ("Redis to answer PING on 127.0.0.1:6390"). */
  description: string;
  timeoutMs?: number;
  intervalMs?: number;
  /** Called between attempts: return a reason to stop waiting early (e.g. "the process exited"). */
  abortReason?: () => string | undefined;
}

/** Calls `check` until it returns true; throws with `description` on timeout or abort. */
export async function pollUntil(check: () => Promise<boolean>, options: PollOptions): Promise<void> {
  const { description, timeoutMs = 10_000, intervalMs = 50, abortReason } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const aborted = abortReason?.();
    if (aborted !== undefined) throw new Error(`Gave up waiting for ${description}: ${aborted}`);
    if (await check()) return;
    if (Date.now() >= deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface WaitForTcpOptions extends Partial<PollOptions> {
  port: number;
  host?: string;
}

/** Resolves once `host:port` accepts TCP connections; throws after `timeoutMs` (default 10 s). */
export function waitForTcp(options: WaitForTcpOptions): Promise<void> {
  const host = options.host ?? LOCALHOST;
  const { port } = options;
  return pollUntil(() => canConnect(port, host, 500), {
    ...options,
    description: options.description ?? `${host}:${port} to accept TCP connections`,
  });
}
