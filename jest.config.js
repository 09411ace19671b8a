/** @type {import('jest').Config} */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }];

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
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
    },
    {
      displayName: 'network',
      rootDir: '<rootDir>/scripts/test',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/../../tsconfig.json' }] },
      testMatch: ['<rootDir>/**/*.test.ts'],
    },
  ],
  collectCoverageFrom: ['chaincode/src/**/*.ts', '!chaincode/src/**/*.test.ts', '!chaincode/src/index.ts'],
  coverageThreshold: { './chaincode/src/': { statements: 90 } },
};
