/** What the database benches share: their command-line options and a scratch database of their own. */
import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../libs/database/src';

/** `--name value` from the command line, or `fallback`. */
export function benchArg(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : process.argv[at + 1]!;
}

/**
 * The scratch database `name` on the server `base` (created afresh, or kept with `--reuse`),
 * migrated to the current schema.
 */
export async function openScratchDatabase(base: string, name: string): Promise<DataSource> {
  const admin = new Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  if (!process.argv.includes('--reuse')) {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
  } else if ((await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount === 0) {
    await admin.query(`CREATE DATABASE ${name}`);
  }
  await admin.end();
  const dataSource = await new DataSource(dataSourceOptions(`${base}/${name}`, { applicationName: 'sesame-bench', poolSize: 4 })).initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
