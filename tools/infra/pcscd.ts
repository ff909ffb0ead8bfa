import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import * as net from 'node:net';
import { findExecutable } from './apt';
import { exitReason, spawnTied, terminate } from './child-process';
import { LineTail, secondsSince, type Log } from './log';
import { pollUntil } from './ports';

/** Where pcsc-lite (Debian 12, 1.9.9) keeps its client socket and pid file. */
export const PCSCD_SOCKET = '/run/pcscd/pcscd.comm';
const PCSCD_PID_FILE = '/run/pcscd/pcscd.pid';
/** The vsmartcard driver behind the "Virtual PCD 00 00/01" readers that tests and the demo use. */
const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
const INSTALL_HINT = 'apt-get install pcscd vsmartcard-vpcd libpcsclite-dev';

export interface PcscdHandle {
  /** True when this call started pcscd (then `stop()` stops it); false for a daemon already running. */
  started: boolean;
  stop(): Promise<void>;
}

export interface EnsurePcscdOptions {
  log: Log;
  /** Also require the vpcd virtual-reader driver (default true: tests and the demo need it). */
  requireVpcd?: boolean;
  /** How long to wait for the socket (default 10 s). */
  timeoutMs?: number;
}

/** True when something accepts connections on the Unix socket `path`. */
export function canConnectUnix(path: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ path });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The pid in pcscd's pid file if that process is alive, else undefined. */
function livePcscdPid(): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(PCSCD_PID_FILE, 'utf8').trim(), 10);
    if (!Number.isInteger(pid) || pid <= 0) return undefined;
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

const existing = (): PcscdHandle => ({ started: false, stop: async () => undefined });

/**
 * A running pcscd: the one already answering on /run/pcscd/pcscd.comm, else a `pcscd --foreground`
 * child of this process (there is no systemd socket activation on these machines), stopped by
 * `stop()` and tied to this process's life.
 *
 * pcscd is started without `--apdu`: that option logs every APDU, i.e. the cardholder's files.
 */
export async function ensurePcscd(options: EnsurePcscdOptions): Promise<PcscdHandle> {
  const { log, requireVpcd = true, timeoutMs = 10_000 } = options;
  if (await canConnectUnix(PCSCD_SOCKET)) {
    log('pcscd: using the daemon already running');
    return existing();
  }
  const binary = findExecutable('pcscd');
  if (binary === null) throw new Error(`pcscd is not installed: run \`${INSTALL_HINT}\`.`);
  if (requireVpcd && !existsSync(VPCD_DRIVER)) {
    throw new Error(`The vsmartcard virtual reader driver (${VPCD_DRIVER}) is missing: run \`${INSTALL_HINT}\`.`);
  }

  const pid = livePcscdPid();
  if (pid !== undefined) {
    // A pcscd is starting (or another run just started one): wait for its socket instead of racing it.
    log(`pcscd: waiting for the daemon already starting (pid ${pid})`);
    await pollUntil(() => canConnectUnix(PCSCD_SOCKET), { description: `pcscd (pid ${pid}) to open ${PCSCD_SOCKET}`, timeoutMs });
    return existing();
  }
  if (existsSync(PCSCD_SOCKET)) {
    // Left by a pcscd that was killed: pcscd refuses to start while the file exists.
    log(`pcscd: removing the stale socket ${PCSCD_SOCKET}`);
    try {
      unlinkSync(PCSCD_SOCKET);
    } catch (error) {
      throw new Error(`pcscd is not running but ${PCSCD_SOCKET} is in the way (${(error as Error).message}); remove it as root.`);
    }
  }
  return startPcscd(binary, log, timeoutMs);
}

async function startPcscd(binary: string, log: Log, timeoutMs: number): Promise<PcscdHandle> {
  const startedAt = Date.now();
  const { child, release } = spawnTied(binary, ['--foreground', '--info'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = new LineTail();
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));

  const stop = async (): Promise<void> => {
    await terminate(child);
    release();
  };
  try {
    await pollUntil(() => canConnectUnix(PCSCD_SOCKET), {
      description: `pcscd to open ${PCSCD_SOCKET}`,
      timeoutMs,
      abortReason: () => spawnError?.message ?? exitReason(child),
    });
  } catch (error) {
    await stop();
    const hint = /permission|operation not permitted/i.test(output.toString()) ? ' (pcscd needs root here)' : '';
    throw new Error(`${(error as Error).message}${hint}\n${output.toString()}`);
  }
  log(`pcscd: started (pid ${String(child.pid)}) in ${secondsSince(startedAt)}`);
  return { started: true, stop };
}
