export * from './name-keys';
