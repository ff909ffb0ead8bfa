/**
 * The system under a bench, as bench/video.bench.ts and bench/load.bench.ts run it: a scratch
 * database, the compiled api and worker (`node dist/…/main.js`, as `npm start` runs them: decorator
 * metadata needs tsc, which tsx does not emit) as child processes with BullMQ keys of their own, and
 * the mail catcher (tools/mail-catcher) in the bench process. The children run from a copy of dist/
 * taken at the start (.data/bench-<label>-dist/), safe from builds running meanwhile. `stop()` drops the database and the
 * BullMQ keys unless --reuse.
 */
import 'reflect-metadata';
import Redis from 'ioredis';
import { generateSecret } from 'otplib';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { SecretsService } from '../api/src/common/secrets.service';
import { AppConfig, loadConfig } from '../libs/config/src';
import { Role, Staff } from '../libs/database/src';
import { createTestPki } from '../tools/beid-emulator';
import { API_ENTRY, ROOT, runStep, startNode, stopChild, waitForHttp, WORKER_ENTRY } from '../tools/dev/processes';
import { getRandomFreePort } from '../tools/infra';
import { MailCatcher, startMailCatcher } from '../tools/mail-catcher';
import { benchArg, openScratchDatabase } from './scratch-database';

export const PKI_DIR = join(ROOT, '.data', 'beid-test-pki');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}
const mtimeOf = (path: string) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
};

/** The newest modification time of any file under `dir` (0 when missing). */
function newestFile(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestFile(path) : mtimeOf(path));
  }
  return newest;
}

/**
 * Copies dist/api and dist/worker to .data/bench-<label>-dist/ and returns the entries there: other
 * people's builds (nest empties dist/<app> first) cannot pull the code from under a running bench.
 * Copies only a tree nobody wrote to for 3 s, and checks it did not change during the copy.
 */
function snapshotDist(label: string): { api: string; worker: string } {
  const target = join('.data', `bench-${label}-dist`);
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const before = Math.max(newestFile(join(ROOT, 'dist', 'api')), newestFile(join(ROOT, 'dist', 'worker')));
    const complete = existsSync(join(ROOT, API_ENTRY)) && existsSync(join(ROOT, WORKER_ENTRY));
    if (complete && Date.now() - before > 3000) {
      rmSync(join(ROOT, target), { recursive: true, force: true });
      for (const app of ['api', 'worker']) cpSync(join(ROOT, 'dist', app), join(ROOT, target, app), { recursive: true });
      const after = Math.max(newestFile(join(ROOT, 'dist', 'api')), newestFile(join(ROOT, 'dist', 'worker')));
      if (after === before) return { api: join(target, API_ENTRY.replace(/^dist\//, '')), worker: join(target, WORKER_ENTRY.replace(/^dist\//, '')) };
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3000);
  }
  throw new Error('dist/api and dist/worker kept changing for two minutes (someone else building?)');
}

/** Builds the api and the worker when dist/ is older than their sources (not with --no-build); says what it did. */
export function buildIfStale(): string {
  if (process.argv.includes('--no-build')) return 'not rebuilt (--no-build)';
  const sources = Math.max(...['api/src', 'worker/src', 'libs', 'migrations'].map((dir) => newestSource(join(ROOT, dir))));
  const built: string[] = [];
  if (mtimeOf(join(ROOT, API_ENTRY)) < sources) {
    runStep('build api', 'nest', ['build', 'api']);
    built.push('api');
  }
  if (mtimeOf(join(ROOT, WORKER_ENTRY)) < sources) {
    runStep('build worker', 'nest', ['build', 'worker']);
    built.push('worker');
  }
  return built.length ? `rebuilt: ${built.join(', ')}` : 'dist/ up to date';
}

export interface BenchSystem {
  dataSource: DataSource;
  config: AppConfig;
  catcher: MailCatcher;
  port: number;
  /** `http://127.0.0.1:<port>`: where the clients send their requests. */
  baseUrl: string;
  /** `http://localhost:<port>`: PUBLIC_BASE_URL, the Origin a browser sends. */
  origin: string;
  buildNote: string;
  /** Starts the api and waits for `/health`; the boot time in ms. */
  startApi(): Promise<number>;
  /** Starts the worker; its process, to see whether it is still running. */
  startWorker(): ChildProcess;
  /** Stops the children and the catcher; drops the database and the BullMQ keys unless --reuse. */
  stop(): Promise<void>;
}

/**
 * Builds if stale, opens the scratch database `db` (emptied when kept with --reuse), starts the mail
 * catcher and writes the test PKI; the api and the worker start when asked. `label` names the child
 * processes' logs (.data/logs/bench-<label>-api.log) and the BullMQ prefix.
 */
export async function startBenchSystem(db: string, label: string): Promise<BenchSystem> {
  const base = benchArg('--postgres', 'postgres://postgres@127.0.0.1:5432');
  const redisUrl = benchArg('--redis', 'redis://127.0.0.1:6379');
  const reuse = process.argv.includes('--reuse');
  const buildNote = buildIfStale();
  const entries = snapshotDist(label);
  const dataSource = await openScratchDatabase(base, db);
  if (reuse) {
    // A kept database starts empty again: figures must not depend on an earlier run's rows.
    const tables: { tablename: string }[] = await dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`);
    await dataSource.query(`TRUNCATE ${tables.map((table) => `"${table.tablename}"`).join(', ')} CASCADE`);
  }
  const catcher = await startMailCatcher({});
  const port = await getRandomFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const origin = `http://localhost:${port}`;
  await createTestPki(PKI_DIR);
  const bullPrefix = `b${label}${randomBytes(4).toString('hex')}`;
  const env: Record<string, string> = {
    NODE_ENV: 'development',
    LOG_LEVEL: 'info',
    DATABASE_URL: `${base}/${db}`,
    REDIS_URL: redisUrl,
    SMTP_URL: catcher.smtpUrl,
    MAIL_CATCHER_URL: catcher.httpUrl,
    PUBLIC_BASE_URL: origin,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(port),
    BULLMQ_PREFIX: bullPrefix,
    BEID_TRUSTED_ROOTS: join(PKI_DIR, 'root.pem'),
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    PASSWORD_PEPPER: randomBytes(32).toString('base64url'),
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
    CODE_PEPPER: randomBytes(32).toString('base64url'),
  };
  const config = loadConfig(env);
  const childEnv = { ...process.env, ...env };
  delete childEnv.OCR_CONCURRENCY; // the worker's default (cores − 1)
  const children: ChildProcess[] = [];
  return {
    dataSource,
    config,
    catcher,
    port,
    baseUrl,
    origin,
    buildNote,
    async startApi() {
      const started = performance.now();
      const api = startNode(`bench-${label}-api`, entries.api, childEnv, true);
      children.push(api);
      await Promise.race([
        waitForHttp(`${baseUrl}/health`),
        new Promise((_, reject) => api.once('exit', (code) => reject(new Error(`the api exited (${code}): see .data/logs/bench-${label}-api.log`)))),
      ]);
      return performance.now() - started;
    },
    startWorker() {
      const worker = startNode(`bench-${label}-worker`, entries.worker, childEnv, true);
      children.push(worker);
      return worker;
    },
    async stop() {
      for (const child of children.reverse()) await stopChild(child);
      await catcher.stop();
      await dataSource.destroy();
      if (reuse) return;
      const admin = new Client({ connectionString: `${base}/postgres` });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await admin.end();
      const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
      await redis.connect();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${bullPrefix}:*`, 'COUNT', 1000);
        if (keys.length) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      await redis.quit();
    },
  };
}

/** A staff account the bench signs in with: e-mail, the shared password, an enrolled TOTP secret. */
export interface BenchStaff {
  id: string;
  email: string;
  totpSecret: string;
}

/**
 * `count` accounts of one role written straight to the database (`label-i@bench.test`, the given
 * password hash, TOTP enrolled), set-up rather than what the bench measures.
 */
export async function createBenchStaff(
  dataSource: DataSource,
  secrets: SecretsService,
  passwordHash: string,
  { label, count, role, municipalityOf = () => null }: { label: string; count: number; role: Role; municipalityOf?: (i: number) => string | null },
): Promise<BenchStaff[]> {
  const repository = dataSource.getRepository(Staff);
  const accounts: BenchStaff[] = [];
  for (let i = 0; i < count; i += 1) {
    const totpSecret = generateSecret();
    const email = `${label}-${i}@bench.test`;
    const staff = await repository.save(
      repository.create({
        email,
        displayName: `Bench ${label} ${i}`,
        language: 'en',
        passwordHash,
        municipalityNisCode: municipalityOf(i),
        roles: [{ role }],
        totpSecretEnc: secrets.encrypt(totpSecret),
        totpEnrolledAt: new Date(),
      }),
    );
    accounts.push({ id: staff.id, email, totpSecret });
  }
  return accounts;
}

/** A small seeded generator (mulberry32): the same booking order and exceptions on every run. */
export function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
