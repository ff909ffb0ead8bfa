import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import { ENTITIES } from './entities';

/**
 * The one definition of how Sésame talks to PostgreSQL, shared by the api, the worker, the
 * migration tool and the tests. The schema is changed by migrations only: `synchronize` is off.
 */
export function dataSourceOptions(url: string, options: { poolSize?: number; applicationName?: string } = {}): DataSourceOptions {
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
    extra: { connectionTimeoutMillis: 5000 },
  };
}
