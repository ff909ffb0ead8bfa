/**
 * The few PostgreSQL operations the bootstrap needs, on `pg` (which ships no types: the small
 * surface used here is typed locally so nothing untyped leaks out).
 */

interface PgClientConfig {
  connectionString: string;
  connectionTimeoutMillis?: number;
  application_name?: string;
}

interface PgClient {
  connect(): Promise<void>;
  query<Row>(text: string, values?: readonly unknown[]): Promise<{ rows: Row[] }>;
  end(): Promise<void>;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

interface PgModule {
  Client: new (config: PgClientConfig) => PgClient;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const pg = require('pg') as PgModule;

/** A PostgreSQL server, as URLs without a database. */
export interface PgServerUrls {
  /** `postgres://user:pass@host:port` (no database, no query string). */
  baseUrl: string;
  /** Query string to carry over to each database URL (`?sslmode=…`), or ''. */
  search: string;
  /** Database to connect to for CREATE/DROP DATABASE. */
  adminDatabase: string;
}

/** Splits a full database URL (e.g. DATABASE_URL) into its server part. */
export function parseServerUrl(databaseUrl: string): PgServerUrls {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new Error('DATABASE_URL is not a valid URL (expected postgres://user:password@host:port/database).');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql:// (got ${url.protocol}//).`);
  }
  const credentials = url.username === '' ? '' : `${url.username}${url.password === '' ? '' : `:${url.password}`}@`;
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  return {
    baseUrl: `${url.protocol}//${credentials}${url.host}`,
    search: url.search,
    adminDatabase: database === '' ? 'postgres' : database,
  };
}

/** The URL of database `db` on `server`. */
export function databaseUrl(server: PgServerUrls, db: string): string {
  return `${server.baseUrl}/${encodeURIComponent(db)}${server.search}`;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Runs `work` with a connected client, always closing it. */
export async function withClient<T>(
  connectionString: string,
  work: (client: PgClient) => Promise<T>,
  connectionTimeoutMillis = 10_000,
): Promise<T> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis, application_name: 'sesame-infra' });
  client.on('error', () => undefined); // a server-side disconnect is reported by the pending query
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export type ProbeResult = { ok: true } | { ok: false; reason: string };

/** Can we log in and run a query at `connectionString`? Never throws. */
export async function probePostgres(connectionString: string, timeoutMs = 2000): Promise<ProbeResult> {
  try {
    await withClient(connectionString, (client) => client.query('SELECT 1'), timeoutMs);
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: (err as Error).message || String(err) };
  }
}

/** SQLSTATEs a concurrent CREATE DATABASE of the same name can end with. */
const ALREADY_EXISTS = new Set(['42P04' /* duplicate_database */, '23505' /* unique_violation */]);

function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

export interface CreateDatabaseOptions {
  /** Drop it first (terminating its connections: `DROP DATABASE … WITH (FORCE)`). */
  dropFirst?: boolean;
}

/** Creates `db` unless it exists; idempotent and safe to call concurrently. */
export async function createDatabase(
  server: PgServerUrls,
  db: string,
  options: CreateDatabaseOptions = {},
): Promise<void> {
  await withClient(databaseUrl(server, server.adminDatabase), async (client) => {
    if (options.dropFirst === true) await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(db)} WITH (FORCE)`);
    const found = await client.query<{ exists: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS exists',
      [db],
    );
    if (found.rows[0]?.exists === true) return;
    try {
      await client.query(`CREATE DATABASE ${quoteIdentifier(db)}`);
    } catch (err) {
      if (!ALREADY_EXISTS.has(sqlState(err) ?? '')) throw err;
    }
  });
}

/** Drops `db` if it exists, terminating its connections. */
export async function dropDatabase(server: PgServerUrls, db: string): Promise<void> {
  await withClient(databaseUrl(server, server.adminDatabase), async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(db)} WITH (FORCE)`);
  });
}
