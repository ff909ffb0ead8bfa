import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { LineTail, secondsSince, type Log } from './log';

/** Debian packages are only installed for the user when we may do it without asking: as root. */
export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

const SYSTEM_BIN_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Absolute path of `name` found on PATH or in the usual system directories, or null. */
export function findExecutable(name: string): string | null {
  const pathDirs = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => dir !== '');
  for (const dir of [...pathDirs, ...SYSTEM_BIN_DIRS]) {
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

/** True when dpkg reports `pkg` as installed. */
export function isDebianPackageInstalled(pkg: string): boolean {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

interface CommandResult {
  code: number | null;
  output: LineTail;
}

function runQuiet(command: string, args: readonly string[]): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const output = new LineTail(20);
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive', NEEDRESTART_MODE: 'a' },
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

/** Waits for another apt/dpkg run (e.g. unattended-upgrades) instead of failing on its lock. */
const APT_OPTIONS = ['-q', '-o', 'DPkg::Lock::Timeout=300'];

let updateDone: Promise<void> | undefined;
/** Every apt-get call of this process runs after the previous one (dpkg takes one at a time). */
let aptQueue: Promise<unknown> = Promise.resolve();

function haveAptLists(): boolean {
  try {
    return readdirSync('/var/lib/apt/lists').some((file) => file.includes('_Packages'));
  } catch {
    return false;
  }
}

/** `apt-get update`, at most once per process. */
function aptUpdateOnce(log: Log): Promise<void> {
  updateDone ??= (async () => {
    const startedAt = Date.now();
    log('apt-get update…');
    const result = await runQuiet('apt-get', [...APT_OPTIONS, 'update']);
    if (result.code !== 0) {
      throw new Error(`apt-get update failed (exit ${String(result.code)}):\n${result.output.toString()}`);
    }
    log(`apt-get update done in ${secondsSince(startedAt)}`);
  })();
  return updateDone;
}

async function installNow(packages: readonly string[], log: Log): Promise<void> {
  if (!haveAptLists()) await aptUpdateOnce(log);
  const startedAt = Date.now();
  log(`apt-get install -y ${packages.join(' ')} (can take a few minutes)…`);
  const args = [...APT_OPTIONS, 'install', '-y', ...packages];
  let result = await runQuiet('apt-get', args);
  if (result.code !== 0 && updateDone === undefined) {
    log('apt-get install failed; refreshing the package lists and trying once more');
    await aptUpdateOnce(log);
    result = await runQuiet('apt-get', args);
  }
  if (result.code !== 0) {
    throw new Error(
      `apt-get install -y ${packages.join(' ')} failed (exit ${String(result.code)}):\n${result.output.toString()}`,
    );
  }
  log(`installed ${packages.join(' ')} in ${secondsSince(startedAt)}`);
}

export interface AptInstallOptions {
  log: Log;
}

/**
 * Installs those of `packages` that are missing, with `DEBIAN_FRONTEND=noninteractive`.
 * Needs root and apt-get; throws a one-line instruction otherwise.
 */
export function aptInstall(packages: readonly string[], options: AptInstallOptions): Promise<void> {
  const run = aptQueue.then(async () => {
    const missing = packages.filter((pkg) => !isDebianPackageInstalled(pkg));
    if (missing.length === 0) return;
    const instruction = `sudo apt-get install -y ${missing.join(' ')}`;
    if (findExecutable('apt-get') === null) {
      throw new Error(`apt-get is not available on this machine: install ${missing.join(', ')} yourself.`);
    }
    if (!isRoot()) throw new Error(`Missing Debian package(s) ${missing.join(', ')}: run \`${instruction}\`.`);
    await installNow(missing, options.log);
  });
  aptQueue = run.catch(() => undefined);
  return run;
}

export interface EnsureExecutableOptions {
  /** Executable name looked up on PATH and in the system bin directories, e.g. `redis-server`. */
  command: string;
  /** Debian package providing it, e.g. `redis-server`. */
  aptPackage: string;
  log: Log;
  /** Extra advice appended to the error, e.g. "or set REDIS_URL". */
  alternative?: string;
}

/**
 * Path of `command`; installs `aptPackage` first when it is missing and we are root.
 * Throws a one-line instruction when it cannot be found or installed.
 */
export async function ensureExecutable(options: EnsureExecutableOptions): Promise<string> {
  const { command, aptPackage, log, alternative } = options;
  const found = findExecutable(command);
  if (found !== null) return found;
  const hint = alternative === undefined ? '' : ` (${alternative})`;
  if (!isRoot() || findExecutable('apt-get') === null) {
    throw new Error(`${command} not found: run \`sudo apt-get install -y ${aptPackage}\`${hint}.`);
  }
  log(`${command} not found: installing Debian package ${aptPackage}`);
  await aptInstall([aptPackage], { log });
  const installed = findExecutable(command);
  if (installed === null) {
    throw new Error(`${command} still not found after installing ${aptPackage}${hint}.`);
  }
  return installed;
}
