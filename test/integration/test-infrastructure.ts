import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/database/src/data-source.options';
import { createTestPki } from '../../tools/beid-emulator';
import { ensurePostgres, ensureRedis, type PostgresHandle, type RedisHandle } from '../../tools/infra';

const TEST_DATABASE = 'sesame_test';
const log = (message: string): void => {
  if (process.env.SESAME_TEST_VERBOSE) console.log(`[test-infra] ${message}`);
};

interface Started {
  postgres?: PostgresHandle;
  redis?: RedisHandle;
}
const started: Started = {};

/**
 * Real services for the integration specs: a PostgreSQL database of their own (dropped, recreated and
 * migrated once per run) and Redis. `npm test` passes TEST_DATABASE_URL and REDIS_URL; run alone,
 * Jest finds or starts the services itself.
 */
export async function prepareTestInfrastructure(): Promise<Record<string, string>> {
  let databaseUrl = process.env.TEST_DATABASE_URL;
  if (!databaseUrl) {
    started.postgres = await ensurePostgres({ dataDir: join(__dirname, '..', '..', '.data', 'test-postgres'), log });
    await started.postgres.createDatabase(TEST_DATABASE, { dropFirst: true });
    databaseUrl = started.postgres.urlFor(TEST_DATABASE);
  }
  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    started.redis = await ensureRedis({ log });
    redisUrl = started.redis.url;
  }
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl, { applicationName: 'sesame-test-setup' })).initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  // The test National Register PKI: the api trusts its root; the card emulator signs with its keys.
  const pkiDir = join(__dirname, '..', '..', '.data', 'beid-test-pki');
  await createTestPki(pkiDir);
  const beidTestRoots = join(pkiDir, 'root.pem');
  (globalThis as { __sesameInfra?: Started }).__sesameInfra = started;
  return {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    SMTP_URL: 'smtp://127.0.0.1:2525',
    PUBLIC_BASE_URL: 'http://localhost:4300',
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    PASSWORD_PEPPER: randomBytes(32).toString('base64url'),
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
    CODE_PEPPER: randomBytes(32).toString('base64url'),
    BEID_TRUSTED_ROOTS: beidTestRoots,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    OUTBOX_POLL_INTERVAL_MS: '100',
    JOB_BACKOFF_MS: '50',
    // Specs share one database under BullMQ prefixes of their own: a relay must not take up another
    // spec's unhandled rows on its own. Tests that need a recovery pass call OutboxRelay.recoverLost.
    OUTBOX_RECOVERY_INTERVAL_MS: '3600000',
  };
}

export async function stopTestInfrastructure(): Promise<void> {
  const handles = (globalThis as { __sesameInfra?: Started }).__sesameInfra;
  await handles?.redis?.stop();
  await handles?.postgres?.stop();
}
