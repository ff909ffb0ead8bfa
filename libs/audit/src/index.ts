export * from './audit-hash';
export * from './audit-chain';
export * from './audit.writer';
export * from './audit.module';
