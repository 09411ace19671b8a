/* global __dirname */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }];

/**
 * The chaincode's coverage gate counts the chaincode's own tests only: the other projects run the
 * contract too (the gateway's tests through the in-memory ledger), so they leave the chaincode's
 * files uninstrumented. (A regex of the absolute path: Jest does not normalize `<rootDir>/../`.)
 */
const notChaincode = [
  '/node_modules/',
  `^${`${__dirname}/chaincode/`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
];

/**
 * Tests load the chaincode's shared contract (`receivables-chaincode/contract`, package.json
 * `exports`) from its TypeScript source, so they need no build of chaincode/dist first; the
 * in-memory ledger (`receivables-chaincode/testing`) exists as source only.
 */
// eslint-disable-next-line @typescript-eslint/explicit-function-return-type -- a CommonJS file
function contractSource(repository) {
  return {
    '^receivables-chaincode/contract$': `${repository}/chaincode/src/contract/index.ts`,
    '^receivables-chaincode/testing$': `${repository}/chaincode/testing/index.ts`,
  };
}

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'chaincode',
      rootDir: '<rootDir>/chaincode',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
    },
    {
      displayName: 'gateway-api',
      rootDir: '<rootDir>/gateway-api',
      testEnvironment: 'node',
      moduleNameMapper: contractSource('<rootDir>/..'),
      coveragePathIgnorePatterns: notChaincode,
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
    },
    {
      displayName: 'network',
      rootDir: '<rootDir>/scripts/test',
      testEnvironment: 'node',
      coveragePathIgnorePatterns: notChaincode,
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/../../tsconfig.json' }] },
      testMatch: ['<rootDir>/tls-verify.test.ts'],
    },
    {
      // The web console's components and pure functions, in jsdom (a test may ask for node).
      displayName: 'console',
      rootDir: '<rootDir>/console',
      testEnvironment: 'jsdom',
      moduleNameMapper: contractSource('<rootDir>/..'),
      coveragePathIgnorePatterns: notChaincode,
      transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
      testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/src/**/*.test.tsx'],
    },
    {
      // Against the real network: one per test run, started by the global setup, shared by every
      // suite; scripts/test/support/sequencer.js runs the suites that stop or kill nodes after the
      // others, and the lifecycle suite (which ends the network) last.
      displayName: 'integration',
      rootDir: '<rootDir>',
      roots: ['<rootDir>/scripts/test', '<rootDir>/gateway-api/integration', '<rootDir>/console/e2e'],
      testEnvironment: 'node',
      moduleNameMapper: contractSource('<rootDir>'),
      coveragePathIgnorePatterns: notChaincode,
      transform: { '^.+\\.ts$': tsJest },
      testMatch: [
        '<rootDir>/scripts/test/*.test.ts',
        '<rootDir>/gateway-api/integration/*.test.ts',
        '<rootDir>/gateway-api/integration/reliability/*.test.ts',
        '<rootDir>/console/e2e/*.test.ts',
      ],
      testPathIgnorePatterns: ['/tls-verify\\.test\\.ts$'],
      setupFilesAfterEnv: ['<rootDir>/gateway-api/integration/support/connections.ts'],
      globalSetup: '<rootDir>/scripts/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/scripts/test/support/global-teardown.ts',
    },
  ],
  testSequencer: '<rootDir>/scripts/test/support/sequencer.js',
  collectCoverageFrom: ['chaincode/src/**/*.ts', '!chaincode/src/**/*.test.ts', '!chaincode/src/index.ts'],
  // `npm test` runs jest with --coverage: below 90 % of chaincode/src's statements it fails.
  coverageThreshold: { './chaincode/src/': { statements: 90 } },
};
