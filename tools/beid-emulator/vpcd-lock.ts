import { promises as fs, unlinkSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * One virtual card per vpcd reader, across processes.
 *
 * vpcd talks to one card at a time; a second card that connects sits unanswered in the listen
 * backlog until the first leaves. Two test processes (parallel Jest workers, two developers'
 * runs) sharing "Virtual PCD 00 01" would see each other's cards. A lock file per port, holding
 * the owner's pid, makes them take turns. Within one process the lock is re-entrant, so a suite
 * can reserve the reader once (`reserveVpcdReader`) and insert and remove cards freely.
 * A lock left by a process that no longer runs is taken over.
 */

const heldPorts = new Map<number, number>();

export function vpcdLockPath(port: number): string {
  return path.join(os.tmpdir(), `sesame-vpcd-${port}.lock`);
}

export interface VpcdLockOptions {
  /** Default 60 s; Infinity allowed. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Waits until this process holds the reader on `port`; resolves with the release function. */
export async function reserveVpcdReader(port: number, options: VpcdLockOptions = {}): Promise<() => Promise<void>> {
  const count = heldPorts.get(port) ?? 0;
  if (count === 0) await takeLock(port, options);
  heldPorts.set(port, (heldPorts.get(port) ?? 0) + 1);
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    const left = (heldPorts.get(port) ?? 1) - 1;
    if (left > 0) {
      heldPorts.set(port, left);
      return;
    }
    heldPorts.delete(port);
    await dropLock(port);
  };
}

async function takeLock(port: number, options: VpcdLockOptions): Promise<void> {
  const lockPath = vpcdLockPath(port);
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      await fs.writeFile(lockPath, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number((await fs.readFile(lockPath, 'utf8').catch(() => '')).trim());
    if (!Number.isInteger(owner) || owner <= 0 || owner === process.pid || !isAlive(owner)) {
      // Left by a dead process (or unreadable, or ours from an earlier life): take it over.
      await fs.rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `vpcd reader on port ${port} is held by process ${owner} (another virtual card is in it; lock ${lockPath})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function dropLock(port: number): Promise<void> {
  const lockPath = vpcdLockPath(port);
  const owner = await fs.readFile(lockPath, 'utf8').catch(() => '');
  if (owner.trim() === String(process.pid)) await fs.rm(lockPath, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

process.once('exit', () => {
  for (const port of heldPorts.keys()) {
    try {
      unlinkSync(vpcdLockPath(port));
    } catch {
      // already gone
    }
  }
});
