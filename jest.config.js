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
      testMatch: ['<rootDir>/**/*.test.ts'],
    },
  ],
  collectCoverageFrom: ['chaincode/src/**/*.ts', '!chaincode/src/**/*.test.ts', '!chaincode/src/index.ts'],
  // `npm test` runs jest with --coverage: below 90 % of chaincode/src's statements it fails.
  coverageThreshold: { './chaincode/src/': { statements: 90 } },
};
