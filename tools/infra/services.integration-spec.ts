import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Redis from 'ioredis';
import { canConnect } from './ports';
import { ensurePostgres, type PostgresHandle } from './postgres';
import { probePostgres, withClient } from './postgres-admin';
import { ensureRedis, pingRedis } from './redis';

/** Runs against what this machine offers: the dev services on 5432/6379, else what ensure* starts. */

const savedEnv = { DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL };

function restoreEnv(): void {
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

function collectLog(): { log: (message: string) => void; lines: string[] } {
  const lines: string[] = [];
  return { log: (message) => lines.push(message), lines };
}

async function redisRoundTrip(url: string): Promise<string | null> {
  const client = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await client.connect();
    const key = `sesame:infra-spec:${randomBytes(4).toString('hex')}`;
    await client.set(key, 'ok', 'EX', 10);
    return await client.get(key);
  } finally {
    client.disconnect();
  }
}

/** mkdtemp makes 0700 folders, which user postgres (embedded cluster, as root) could not traverse. */
function openTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

const uniqueDb = (): string => `sesame_infra_spec_${randomBytes(4).toString('hex')}`;

async function currentDatabase(url: string): Promise<string | undefined> {
  return withClient(url, async (client) => {
    const result = await client.query<{ db: string }>('SELECT current_database() AS db');
    return result.rows[0]?.db;
  });
}

async function tableExists(url: string, table: string): Promise<boolean> {
  return withClient(url, async (client) => {
    const result = await client.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [table]);
    return result.rows[0]?.found === true;
  });
}

afterEach(restoreEnv);

describe('ensureRedis', () => {
  it('uses REDIS_URL when it is set, without logging its password', async () => {
    process.env.REDIS_URL = 'redis://:s3cret@redis.example:6390/2';
    const { log, lines } = collectLog();
    const redis = await ensureRedis({ log });
    expect(redis).toMatchObject({ url: 'redis://:s3cret@redis.example:6390/2', started: false });
    expect(lines.join('\n')).not.toContain('s3cret');
  });

  it('picks the server on 127.0.0.1:6379 when one answers, else starts one', async () => {
    delete process.env.REDIS_URL;
    const existing = await pingRedis(6379);
    const redis = await ensureRedis({ log: collectLog().log });
    try {
      expect(redis.started).toBe(!existing);
      if (existing) expect(redis.url).toBe('redis://127.0.0.1:6379');
      await expect(redisRoundTrip(redis.url)).resolves.toBe('ok');
    } finally {
      await redis.stop();
    }
  });

  it('starts a private redis-server when told not to look for one, and stops it', async () => {
    delete process.env.REDIS_URL;
    const redis = await ensureRedis({ log: collectLog().log, probeExisting: false });
    const port = Number(new URL(redis.url).port);
    expect(redis.started).toBe(true);
    await expect(redisRoundTrip(redis.url)).resolves.toBe('ok');
    await redis.stop();
    await expect(canConnect(port)).resolves.toBe(false);
  });
});

describe('ensurePostgres', () => {
  it('uses the server of DATABASE_URL, keeping its query string and hiding its password', async () => {
    process.env.DATABASE_URL = 'postgresql://app:p%40ss@db.example:6543/sesame?sslmode=require';
    const { log, lines } = collectLog();
    const pg = await ensurePostgres({ dataDir: '/nonexistent', log });
    expect(pg.embedded).toBe(false);
    expect(pg.baseUrl).toBe('postgresql://app:p%40ss@db.example:6543');
    expect(pg.urlFor('sesame_test')).toBe('postgresql://app:p%40ss@db.example:6543/sesame_test?sslmode=require');
    expect(lines.join('\n')).not.toContain('p%40ss');
    await pg.stop();
  });

  describe('on the server available here', () => {
    let dataDir: string;
    let pg: PostgresHandle;
    let expectLocal: boolean;

    beforeAll(async () => {
      dataDir = openTempDir('sesame-infra-spec-');
      const fromEnv = savedEnv.DATABASE_URL;
      expectLocal =
        fromEnv === undefined && (await probePostgres('postgres://postgres@127.0.0.1:5432/postgres')).ok;
      pg = await ensurePostgres({ dataDir: path.join(dataDir, 'pg'), log: collectLog().log });
    });

    afterAll(async () => {
      await pg.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('prefers DATABASE_URL, then the local server on 5432, then the embedded cluster', () => {
      if (savedEnv.DATABASE_URL !== undefined) {
        expect(pg.embedded).toBe(false);
        expect(pg.urlFor('x').startsWith(pg.baseUrl)).toBe(true);
      } else if (expectLocal) {
        expect(pg).toMatchObject({ embedded: false, baseUrl: 'postgres://postgres@127.0.0.1:5432' });
      } else {
        expect(pg.embedded).toBe(true);
      }
    });

    it('creates a database idempotently, also when asked concurrently', async () => {
      const db = uniqueDb();
      try {
        await Promise.all([pg.createDatabase(db), pg.createDatabase(db), pg.createDatabase(db)]);
        await pg.createDatabase(db);
        await expect(currentDatabase(pg.urlFor(db))).resolves.toBe(db);
      } finally {
        await pg.dropDatabase(db);
      }
    });

    it('keeps the data unless dropFirst, which also ends open connections', async () => {
      const db = uniqueDb();
      const url = pg.urlFor(db);
      try {
        await pg.createDatabase(db);
        await withClient(url, (client) => client.query('CREATE TABLE kept (id int)'));
        await pg.createDatabase(db);
        await expect(tableExists(url, 'kept')).resolves.toBe(true);

        const blocker = withClient(url, (client) => client.query('SELECT pg_sleep(30)'));
        await new Promise((resolve) => setTimeout(resolve, 200));
        await pg.createDatabase(db, { dropFirst: true });
        await expect(blocker).rejects.toThrow(/terminat/i);
        await expect(tableExists(url, 'kept')).resolves.toBe(false);
      } finally {
        await pg.dropDatabase(db);
      }
    });

    it('handles database names that need quoting', async () => {
      const db = `${uniqueDb()}-Quoted "name"`;
      try {
        await pg.createDatabase(db);
        await expect(currentDatabase(pg.urlFor(db))).resolves.toBe(db);
      } finally {
        await pg.dropDatabase(db);
      }
    });
  });

  it('runs, shares and stops an embedded cluster when told not to look for a server', async () => {
    delete process.env.DATABASE_URL;
    const dir = openTempDir('sesame-embedded-spec-');
    const dataDir = path.join(dir, 'pg');
    try {
      const first = await ensurePostgres({ dataDir, log: collectLog().log, probeExisting: false });
      expect(first).toMatchObject({ embedded: true, dataDir });
      expect(first.baseUrl).toMatch(/^postgres:\/\/sesame:sesame@127\.0\.0\.1:\d+$/);
      const second = await ensurePostgres({ dataDir, log: collectLog().log, probeExisting: false });
      expect(second.baseUrl).toBe(first.baseUrl);
      await second.stop(); // joined, not started: must leave the cluster running
      await expect(currentDatabase(first.urlFor('postgres'))).resolves.toBe('postgres');
      await first.stop();
      const port = Number(new URL(first.baseUrl).port);
      await expect(canConnect(port)).resolves.toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
