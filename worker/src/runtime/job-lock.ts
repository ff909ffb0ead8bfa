import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs `work` in a transaction that holds a transaction-scoped advisory lock on `key` (the job's name
 * and id): two runs of one job at once — the relay re-added a job Redis lost while a worker was still
 * running it — take turns, so the second sees what the first committed.
 */
export function inJobLock<T>(dataSource: DataSource, key: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return dataSource.transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [key]);
    return work(manager);
  });
}
