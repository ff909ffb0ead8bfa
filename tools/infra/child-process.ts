import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { findExecutable } from './apt';

/**
 * Spawns `command` so that it also dies when this process dies, however it dies:
 * on Linux through `setpriv --pdeathsig TERM` (util-linux, always present on Debian),
 * and in every case through an `exit` hook. Call the returned `release()` once the child
 * has been stopped on purpose.
 */
export function spawnTied(
  command: string,
  args: readonly string[],
  options: SpawnOptions,
): { child: ChildProcess; release: () => void } {
  const setpriv = process.platform === 'linux' ? findExecutable('setpriv') : null;
  const child =
    setpriv === null
      ? spawn(command, args, options)
      : spawn(setpriv, ['--pdeathsig', 'TERM', '--', command, ...args], options);
  const killOnExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', killOnExit);
  return { child, release: () => process.removeListener('exit', killOnExit) };
}

/** Resolves once `child` has exited (immediately if it already has). */
export function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function terminate(child: ChildProcess, graceMs = 5000): Promise<void> {
  const exited = waitForExit(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

/** Why a child is no longer running ("exited with code 1", "was killed by SIGKILL"), or undefined. */
export function exitReason(child: ChildProcess): string | undefined {
  if (child.exitCode !== null) return `exited with code ${child.exitCode}`;
  if (child.signalCode !== null) return `was killed by ${child.signalCode}`;
  return undefined;
}
