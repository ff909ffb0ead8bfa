import { prepareTestInfrastructure } from './test-infrastructure';

/** Runs once per Jest run: real PostgreSQL (a database of its own, migrated) and Redis. */
export default async function globalSetup(): Promise<void> {
  const env = await prepareTestInfrastructure();
  Object.assign(process.env, env);
}
