export * from './enterprise-number';
