import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import 'reflect-metadata';
import {
  CardSlot,
  buildCardProfile,
  createTestPki,
  DEMO_IDENTITIES,
  startCardControlServer,
  type CardControlServer,
  type DemoIdentityKey,
  type TestPki,
} from '../beid-emulator';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/database/src/data-source.options';
import { ensurePcscd, ensureRedis, ensurePostgres, findFreePort, isPortFree, type PcscdHandle } from '../infra';
import { startMailCatcher, type MailCatcher } from '../mail-catcher';
import { API_ENTRY, ROOT, startNode, stopChild, waitForHttp, WORKER_ENTRY } from './processes';

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
  /** Hide api/worker output (tests): it goes to <logDir>/<label>.log. */
  quiet?: boolean;
  /** Where quiet output goes (default .data/logs). */
  logDir?: string;
  log: (message: string) => void;
  /** The desk's card reader: pcscd, a vpcd virtual reader holding an emulated card, and the desk agent. */
  cardReader?: CardReaderOptions;
}

export interface CardReaderOptions {
  /** The vpcd port of the virtual reader (tools/beid-emulator VPCD_PORTS) and that reader's name. */
  vpcdPort: number;
  readerName: string;
  /** Where the desk agent listens (127.0.0.1); the console learns it from the api. */
  agentPort: number;
  /** A demo card put in the reader at start (the desk page's picker changes it). */
  initialCard?: DemoIdentityKey;
  /** Fail when pcscd cannot run here (tests); otherwise start without a card reader and say why. */
  required: boolean;
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

const BEID_TEST_PKI_DIR = join(ROOT, '.data', 'beid-test-pki');

interface CardReaderStack {
  env: Record<string, string>;
  stop(): Promise<void>;
  startAgent(baseUrl: string, quiet?: boolean, logDir?: string): ChildProcess;
}

/**
 * pcscd (found or started), the card emulator in the chosen vpcd reader with its picker endpoint.
 * The desk agent is started later, once the console's origin is known. Null when pcscd cannot run
 * here and the reader is optional.
 */
async function startCardReader(options: CardReaderOptions, pki: TestPki, log: (message: string) => void): Promise<CardReaderStack | null> {
  let pcscd: PcscdHandle;
  try {
    if (!(await isPortFree(options.agentPort))) throw new Error(`port ${options.agentPort} of the desk agent is in use (is another Sésame running?)`);
    pcscd = await ensurePcscd({ log });
  } catch (error) {
    if (options.required) throw error;
    log(`card reader: not available (${(error as Error).message.split('\n')[0]}); the desk page will say the agent is not running`);
    return null;
  }
  const slot = new CardSlot('127.0.0.1', options.vpcdPort, (line) => log(`virtual card: ${line}`));
  let control: CardControlServer | undefined;
  try {
    control = await startCardControlServer(slot, pki);
    if (options.initialCard) {
      await slot.insert(buildCardProfile(DEMO_IDENTITIES[options.initialCard], pki, { generation: '1.8' }));
    }
  } catch (error) {
    await control?.stop();
    await pcscd.stop();
    throw error;
  }
  return {
    env: { DEV_CARD_EMULATOR_URL: control.url, DESK_AGENT_URL: `ws://127.0.0.1:${options.agentPort}` },
    startAgent: (baseUrl, quiet, logDir) =>
      startNode(
        'desk-agent',
        'dist/desk-agent/desk-agent/src/main.js',
        {
          ...process.env,
          DESK_AGENT_PORT: String(options.agentPort),
          DESK_AGENT_ALLOWED_ORIGINS: baseUrl,
          DESK_AGENT_READER_FILTER: options.readerName,
          DESK_AGENT_LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
        },
        quiet,
        logDir,
      ),
    stop: async () => {
      await slot.remove();
      await control?.stop();
      await pcscd.stop();
    },
  };
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
  // Development trusts the test National Register root of the card emulator (tools/beid-emulator).
  const pki = await createTestPki(BEID_TEST_PKI_DIR);
  const cardReader = options.cardReader ? await startCardReader(options.cardReader, pki, log) : null;
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
    BEID_TRUSTED_ROOTS: join(BEID_TEST_PKI_DIR, 'root.pem'),
    ...cardReader?.env,
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
    startNode('api', API_ENTRY, childEnv, options.quiet, options.logDir),
    startNode('worker', WORKER_ENTRY, childEnv, options.quiet, options.logDir),
  ];
  // The agent's pairing codes go to the terminal, as on a desk PC's screen (and to its log in tests).
  if (cardReader) children.push(cardReader.startAgent(baseUrl, options.quiet, options.logDir));
  const stop = async (): Promise<void> => {
    await Promise.all(children.map((child) => stopChild(child)));
    await cardReader?.stop();
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
