export * from './translate';
export * from './dates';
