export * from './job-contracts';
export * from './redis-connection';
export * from './queue-registry';
export * from './jobs.module';
