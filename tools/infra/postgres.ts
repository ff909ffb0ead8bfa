import { startEmbeddedPostgres } from './embedded-postgres';
import { redactUrl, type Log } from './log';
import {
  createDatabase,
  databaseUrl,
  dropDatabase,
  parseServerUrl,
  probePostgres,
  type CreateDatabaseOptions,
  type PgServerUrls,
} from './postgres-admin';
import { LOCALHOST } from './ports';

export interface PostgresHandle {
  /** `postgres://user:pass@host:port`, without a database. */
  baseUrl: string;
  /** URL of database `db` on this server (keeps DATABASE_URL's query string, e.g. `?sslmode=…`). */
  urlFor(db: string): string;
  /** `CREATE DATABASE` unless it exists; `dropFirst` drops it `WITH (FORCE)` first. Idempotent. */
  createDatabase(db: string, options?: CreateDatabaseOptions): Promise<void>;
  /** `DROP DATABASE IF EXISTS … WITH (FORCE)`. */
  dropDatabase(db: string): Promise<void>;
  /** Stops the embedded cluster if this call started it; a no-op otherwise. */
  stop(): Promise<void>;
  /** True when the server is the embedded cluster of `dataDir`. */
  embedded: boolean;
  /**
   * Embedded only: where the cluster lives. As root this differs from the requested `dataDir`
   * when one of its parents is closed to user postgres (then a folder under /var/tmp is used).
   */
  dataDir?: string;
}

export interface EnsurePostgresOptions {
  /** Data directory of the embedded cluster (only used when no other server is available). */
  dataDir: string;
  /** First port tried for the embedded cluster (default 5433, then any free port). */
  port?: number;
  log: Log;
  /** Look for a server on 127.0.0.1:5432 first (default true; false forces the embedded cluster). */
  probeExisting?: boolean;
}

/** The server on the dev machines: local PostgreSQL with trust authentication for `postgres`. */
const LOCAL_SERVER: PgServerUrls = {
  baseUrl: `postgres://postgres@${LOCALHOST}:5432`,
  search: '',
  adminDatabase: 'postgres',
};

function handleFor(server: PgServerUrls, embedded: boolean, stop: () => Promise<void>): PostgresHandle {
  return {
    baseUrl: server.baseUrl,
    urlFor: (db) => databaseUrl(server, db),
    createDatabase: (db, options) => createDatabase(server, db, options),
    dropDatabase: (db) => dropDatabase(server, db),
    stop,
    embedded,
  };
}

const noop = async (): Promise<void> => undefined;

/**
 * A PostgreSQL server to use, in this order: the one of `DATABASE_URL`; the local one on
 * 127.0.0.1:5432 if `postgres` can log in without a password; else the embedded cluster of
 * `dataDir` (initialised on first use, kept between runs, stopped by `stop()`).
 */
export async function ensurePostgres(options: EnsurePostgresOptions): Promise<PostgresHandle> {
  const { log, probeExisting = true } = options;
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv !== undefined && fromEnv !== '') {
    const server = parseServerUrl(fromEnv);
    log(`PostgreSQL: using the server of DATABASE_URL (${redactUrl(server.baseUrl)})`);
    return handleFor(server, false, noop);
  }
  if (probeExisting) {
    const probe = await probePostgres(databaseUrl(LOCAL_SERVER, 'postgres'));
    if (probe.ok) {
      log(`PostgreSQL: using the server already running at ${LOCAL_SERVER.baseUrl}`);
      return handleFor(LOCAL_SERVER, false, noop);
    }
    log(`PostgreSQL: no usable server at ${LOCAL_SERVER.baseUrl} (${probe.reason}); using the embedded one`);
  }
  const cluster = await startEmbeddedPostgres({ dataDir: options.dataDir, port: options.port, log });
  const server: PgServerUrls = {
    baseUrl: `postgres://${cluster.user}:${cluster.password}@${LOCALHOST}:${cluster.port}`,
    search: '',
    adminDatabase: 'postgres',
  };
  return { ...handleFor(server, true, cluster.stop), dataDir: cluster.dataDir };
}
