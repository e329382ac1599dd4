/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'].filter((p) => require('fs').existsSync(p.replace('<rootDir>', __dirname))),
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleNameMapper: {
    '^@app/(kafka-broker|kafka|contracts|database|service-kit|compression)(|/.*)$': '<rootDir>/libs/$1/src$2',
  },
  testTimeout: 60000,
  // A suite that leaks a handle must not hang CI for its whole time budget; every suite also exits on its own.
  forceExit: true,
};
