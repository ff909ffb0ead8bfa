import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { createTestPki } from '../../tools/beid-emulator';
import { API_ENTRY, ROOT, stopChild, waitForHttp, WORKER_ENTRY } from '../../tools/dev/processes';
import { ensureExecutable, getRandomFreePort, pollUntil } from '../../tools/infra';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '../../tools/infra/embedded-postgres';
import { startMailCatcher, type MailCatcher } from '../../tools/mail-catcher';

const DATABASE = 'sesame_faults';
export const FAULT_LOG_DIR = join(ROOT, '.data', 'logs', 'faults');

/**
 * The whole back end as production runs it, with every part under the fault suite's control: a
 * PostgreSQL cluster and a Redis server of its own (so restarting them disturbs nothing else), the
 * mail catcher, and the compiled api and worker as child processes whose output is kept in
 * `.data/logs/faults/`.
 */
export class FaultSystem {
  readonly env: Record<string, string>;
  readonly baseUrl: string;
  api: ChildProcess | null = null;
  worker: ChildProcess | null = null;
  private redis: ChildProcess | null = null;
  private readonly logs = new Map<string, WriteStream>();

  private constructor(
    private postgres: EmbeddedPostgresServer,
    private readonly pgDataDir: string,
    private readonly redisBinary: string,
    readonly redisPort: number,
    readonly httpPort: number,
    readonly catcher: MailCatcher,
    env: Record<string, string>,
  ) {
    this.env = env;
    this.baseUrl = `http://127.0.0.1:${httpPort}`;
  }

  static async start(log: (message: string) => void): Promise<FaultSystem> {
    rmSync(FAULT_LOG_DIR, { recursive: true, force: true });
    mkdirSync(FAULT_LOG_DIR, { recursive: true });
    const pgDataDir = join(ROOT, '.data', 'faults', `pg-${randomBytes(4).toString('hex')}`);
    const postgres = await startEmbeddedPostgres({ dataDir: pgDataDir, port: await getRandomFreePort(), log });
    const admin = new Client({ host: '127.0.0.1', port: postgres.port, user: postgres.user, password: postgres.password, database: 'postgres' });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${DATABASE}`);
    await admin.end();
    const redisBinary = await ensureExecutable({ command: 'redis-server', aptPackage: 'redis-server', log });
    const catcher = await startMailCatcher({ capacity: 100_000 });
    const pki = join(ROOT, '.data', 'beid-test-pki');
    await createTestPki(pki);
    const [redisPort, httpPort] = [await getRandomFreePort(), await getRandomFreePort()];
    const env: Record<string, string> = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: `postgres://${postgres.user}:${postgres.password}@127.0.0.1:${postgres.port}/${DATABASE}`,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      SMTP_URL: catcher.smtpUrl,
      MAIL_CATCHER_URL: catcher.httpUrl,
      PUBLIC_BASE_URL: `http://127.0.0.1:${httpPort}`,
      HTTP_PORT: String(httpPort),
      HTTP_HOST: '127.0.0.1',
      BULLMQ_PREFIX: 'faults',
      BEID_TRUSTED_ROOTS: join(pki, 'root.pem'),
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      PASSWORD_PEPPER: randomBytes(32).toString('base64url'),
      DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
      CODE_PEPPER: randomBytes(32).toString('base64url'),
      // Recovery at test speed: lost jobs are looked for every second, a killed worker's jobs are
      // taken up after 3 s, failed jobs retried after 200 ms (doubling).
      OUTBOX_POLL_INTERVAL_MS: '200',
      OUTBOX_RECOVERY_INTERVAL_MS: '1000',
      OUTBOX_LOST_AFTER_MS: '3000',
      JOB_LOCK_MS: '3000',
      JOB_BACKOFF_MS: '200',
      JOB_ATTEMPTS: '12',
      OCR_CONCURRENCY: '1',
      VIDEO_BOOKING_HORIZON_DAYS: '120',
    };
    const system = new FaultSystem(postgres, pgDataDir, redisBinary, redisPort, httpPort, catcher, env);
    await system.startRedis();
    return system;
  }

  // ── PostgreSQL ────────────────────────────────────────────────────────────────

  database(): Client {
    return new Client({ connectionString: this.env.DATABASE_URL, application_name: 'sesame-faults-check' });
  }

  async stopPostgres(): Promise<void> {
    await this.postgres.stop();
  }

  async startPostgres(log: (message: string) => void): Promise<void> {
    this.postgres = await startEmbeddedPostgres({ dataDir: this.pgDataDir, port: this.postgres.port, log });
  }

  // ── Redis ────────────────────────────────────────────────────────────────────

  async startRedis(): Promise<void> {
    const child = spawn(this.redisBinary, ['--bind', '127.0.0.1', '--port', String(this.redisPort), '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.pipe('redis', child);
    this.redis = child;
    await pollUntil(async () => (await this.redisCommand(['PING']).catch(() => null)) === 'PONG', { description: `redis-server on ${this.redisPort}`, timeoutMs: 15_000, intervalMs: 100 });
  }

  /** Stops Redis (without persistence: it comes back empty, every job and schedule gone). */
  async stopRedis(): Promise<void> {
    if (this.redis) await stopChild(this.redis);
    this.redis = null;
  }

  /** Closes every client connection Redis has (the data stays). */
  async dropRedisConnections(): Promise<number> {
    return Number(await this.redisCommand(['CLIENT', 'KILL', 'TYPE', 'normal']));
  }

  async redisCommand(args: string[]): Promise<unknown> {
    const client = new Redis({ port: this.redisPort, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return await client.call(args[0]!, ...args.slice(1));
    } finally {
      client.disconnect();
    }
  }

  // ── api and worker ───────────────────────────────────────────────────────────

  async startApi(): Promise<void> {
    this.api = this.startNode('api', API_ENTRY);
    await this.waitForApi();
  }

  async startWorker(): Promise<void> {
    this.worker = this.startNode('worker', WORKER_ENTRY);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    if (this.worker.exitCode !== null) throw new Error(`the worker exited at start (${this.worker.exitCode}); see ${FAULT_LOG_DIR}/worker.log`);
  }

  kill(child: ChildProcess | null, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }

  waitForApi(timeoutMs = 60_000): Promise<void> {
    return waitForHttp(`${this.baseUrl}/api/auth/csrf`, timeoutMs);
  }

  async health(): Promise<number> {
    try {
      return (await fetch(`${this.baseUrl}/health`, { signal: AbortSignal.timeout(5000) })).status;
    } catch {
      return 0;
    }
  }

  async stop(): Promise<void> {
    await Promise.all([this.api && stopChild(this.api), this.worker && stopChild(this.worker)]);
    await this.stopRedis();
    await this.catcher.stop();
    await this.postgres.stop();
    for (const stream of this.logs.values()) stream.end();
    rmSync(this.pgDataDir, { recursive: true, force: true });
  }

  private startNode(label: string, entry: string): ChildProcess {
    const child = spawn(process.execPath, ['--enable-source-maps', join(ROOT, entry)], { cwd: ROOT, env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.pipe(label, child);
    return child;
  }

  /** Appends a child's output to `.data/logs/faults/<label>.log` (restarts append to the same file). */
  private pipe(label: string, child: ChildProcess): void {
    let stream = this.logs.get(label);
    if (!stream) {
      stream = createWriteStream(join(FAULT_LOG_DIR, `${label}.log`), { flags: 'a' });
      this.logs.set(label, stream);
    }
    const target = stream;
    child.stdout?.on('data', (chunk: Buffer) => target.write(chunk));
    child.stderr?.on('data', (chunk: Buffer) => target.write(chunk));
  }
}
