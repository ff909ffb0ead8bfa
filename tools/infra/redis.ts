import * as net from 'node:net';
import * as os from 'node:os';
import { ensureExecutable } from './apt';
import { exitReason, spawnTied, terminate } from './child-process';
import { LineTail, redactUrl, secondsSince, type Log } from './log';
import { findFreePort, LOCALHOST, pollUntil } from './ports';

export interface RedisHandle {
  /** `redis://host:port` to give to ioredis / BullMQ. */
  url: string;
  /** True when this call started redis-server (then `stop()` stops it); false for an existing server. */
  started: boolean;
  stop(): Promise<void>;
}

export interface EnsureRedisOptions {
  log: Log;
  /** Look for a server on 127.0.0.1:6379 before starting one (default true; false forces a private server). */
  probeExisting?: boolean;
  /** First port tried for a server we start (default 6379, then any free port). */
  port?: number;
}

const DEFAULT_REDIS_PORT = 6379;

/** True when `host:port` answers `PING` with `+PONG` (a server asking for a password does not count). */
export function pingRedis(port: number, host: string = LOCALHOST, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    let reply = '';
    const socket = net.connect({ port, host });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      reply += chunk;
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

const existing = (url: string): RedisHandle => ({ url, started: false, stop: async () => undefined });

/**
 * A Redis to use: `REDIS_URL` if set, else the server on 127.0.0.1:6379 if it answers,
 * else a private `redis-server` child process (installed with apt-get when missing and root).
 */
export async function ensureRedis(options: EnsureRedisOptions): Promise<RedisHandle> {
  const { log, probeExisting = true } = options;
  const fromEnv = process.env.REDIS_URL;
  if (fromEnv !== undefined && fromEnv !== '') {
    log(`Redis: using REDIS_URL (${redactUrl(fromEnv)})`);
    return existing(fromEnv);
  }
  const defaultUrl = `redis://${LOCALHOST}:${DEFAULT_REDIS_PORT}`;
  if (probeExisting && (await pingRedis(DEFAULT_REDIS_PORT))) {
    log(`Redis: using the server already running at ${defaultUrl}`);
    return existing(defaultUrl);
  }
  const binary = await ensureExecutable({
    command: 'redis-server',
    aptPackage: 'redis-server',
    log,
    alternative: 'or set REDIS_URL to a running Redis',
  });
  // Installing the package may have started Debian's own service on 6379.
  if (probeExisting && (await pingRedis(DEFAULT_REDIS_PORT))) {
    log(`Redis: using the server now running at ${defaultUrl}`);
    return existing(defaultUrl);
  }
  return startRedisServer(binary, options.port ?? DEFAULT_REDIS_PORT, log);
}

async function startRedisServer(binary: string, preferredPort: number, log: Log): Promise<RedisHandle> {
  const startedAt = Date.now();
  const port = await findFreePort(preferredPort);
  const args = ['--bind', LOCALHOST, '--port', String(port), '--save', '', '--appendonly', 'no'];
  const { child, release } = spawnTied(binary, [...args, '--daemonize', 'no', '--dir', os.tmpdir()], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = new LineTail();
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));

  const stop = async (): Promise<void> => {
    await terminate(child);
    release();
  };
  try {
    await pollUntil(() => pingRedis(port), {
      description: `redis-server to answer PING on ${LOCALHOST}:${port}`,
      abortReason: () => spawnError?.message ?? exitReason(child),
    });
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n${output.toString()}`);
  }
  const url = `redis://${LOCALHOST}:${port}`;
  log(`Redis: started redis-server (pid ${String(child.pid)}) at ${url} in ${secondsSince(startedAt)}`);
  return { url, started: true, stop };
}
