// Every integration spec runs with the test configuration prepared by global-setup.ts.
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'silent';
