export * from './state-machine';
export * from './lifecycles';
