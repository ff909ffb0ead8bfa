export * from './activation-code';
export * from './secret-hash';
