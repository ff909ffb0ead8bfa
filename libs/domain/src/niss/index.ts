export * from './national-number';
