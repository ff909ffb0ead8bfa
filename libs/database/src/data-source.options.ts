import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import { ENTITIES } from './entities';

/**
 * The one definition of how Sésame talks to PostgreSQL, shared by the api, the worker, the
 * migration tool and the tests. The schema is changed by migrations only: `synchronize` is off.
 */
export function dataSourceOptions(url: string, options: { poolSize?: number; applicationName?: string; acquireTimeoutMs?: number } = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    migrationsRun: false,
    logging: false,
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? 'sesame',
    // How long a query may wait for a free pool connection (or a new one) before it fails (503): a
    // burst queues behind the pool instead of failing, while a database that is down fails at once.
    extra: { connectionTimeoutMillis: options.acquireTimeoutMs ?? 30_000 },
  };
}
