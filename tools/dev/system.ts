import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import 'reflect-metadata';
import { createTestPki } from '../beid-emulator';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/database/src/data-source.options';
import { ensurePostgres, ensureRedis, findFreePort } from '../infra';
import { startMailCatcher, type MailCatcher } from '../mail-catcher';
import { ROOT, startNode, stopChild, waitForHttp } from './processes';

export interface RunningSystem {
  baseUrl: string;
  env: Record<string, string>;
  mailCatcher: MailCatcher;
  stop(): Promise<void>;
}

export interface SystemOptions {
  /** Database name on the server (dropped and recreated when `fresh`). */
  database: string;
  fresh?: boolean;
  httpPort?: number;
  mailPorts?: { smtp: number; http: number };
  /** Hide api/worker output (tests). */
  quiet?: boolean;
  log: (message: string) => void;
}

/** Development secrets, made once per machine and kept in .data/ (never committed). */
function localSecrets(): Record<string, string> {
  const file = join(ROOT, '.data', 'secrets.json');
  if (existsSync(file)) {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    // Secrets added after the file was made are filled in once.
    if (kept.CODE_PEPPER) return kept;
    const completed = { ...kept, CODE_PEPPER: randomBytes(48).toString('base64url') };
    writeFileSync(file, JSON.stringify(completed, null, 2), { mode: 0o600 });
    return completed;
  }
  const secrets = {
    SESSION_SECRET: randomBytes(48).toString('base64url'),
    PASSWORD_PEPPER: randomBytes(48).toString('base64url'),
    DATA_ENCRYPTION_KEY: randomBytes(48).toString('base64url'),
    CODE_PEPPER: randomBytes(48).toString('base64url'),
  };
  mkdirSync(join(ROOT, '.data'), { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** The test PKI of the card emulator, made once per machine in .data/beid-test-pki; returns its root bundle. */
async function testBeidRoots(): Promise<string> {
  const dir = join(ROOT, '.data', 'beid-test-pki');
  await createTestPki(dir);
  return join(dir, 'root.pem');
}

/**
 * The whole system on this machine: PostgreSQL and Redis (found or started), the mail catcher,
 * migrations, then the compiled api and worker. Used by `npm start` and by the browser tests.
 */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const { log } = options;
  const postgres = await ensurePostgres({ dataDir: join(ROOT, '.data', 'postgres'), log });
  await postgres.createDatabase(options.database, { dropFirst: options.fresh ?? false });
  const redis = await ensureRedis({ log });
  const mailCatcher = await startMailCatcher({ smtpPort: options.mailPorts?.smtp ?? 0, httpPort: options.mailPorts?.http ?? 0, log });
  const httpPort = options.httpPort ?? (await findFreePort([3000, 3001, 3002]));
  const baseUrl = `http://localhost:${httpPort}`;
  const env: Record<string, string> = {
    NODE_ENV: 'development',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    DATABASE_URL: postgres.urlFor(options.database),
    REDIS_URL: redis.url,
    SMTP_URL: mailCatcher.smtpUrl,
    MAIL_CATCHER_URL: mailCatcher.httpUrl,
    PUBLIC_BASE_URL: baseUrl,
    HTTP_PORT: String(httpPort),
    HTTP_HOST: '127.0.0.1',
    // A fresh database gets fresh queues too: old completed jobs must not shadow new ones.
    BULLMQ_PREFIX: options.fresh ? `${options.database}_${randomBytes(4).toString('hex')}` : options.database,
    // Development trusts the test National Register root of the card emulator (tools/beid-emulator).
    BEID_TRUSTED_ROOTS: await testBeidRoots(),
    ...localSecrets(),
  };
  const dataSource = await new DataSource(dataSourceOptions(env.DATABASE_URL, { applicationName: 'sesame-start', poolSize: 1 })).initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    log(applied.length ? `applied ${applied.length} migration(s)` : 'schema up to date');
  } finally {
    await dataSource.destroy();
  }
  const childEnv = { ...process.env, ...env };
  const children: ChildProcess[] = [
    startNode('api', 'dist/api/api/src/main.js', childEnv, options.quiet),
    startNode('worker', 'dist/worker/worker/src/main.js', childEnv, options.quiet),
  ];
  const stop = async (): Promise<void> => {
    await Promise.all(children.map((child) => stopChild(child)));
    await mailCatcher.stop();
    await redis.stop();
    await postgres.stop();
  };
  try {
    await waitForHttp(`${baseUrl}/health`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, env, mailCatcher, stop };
}
