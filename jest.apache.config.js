/**
 * `npm run test:apache`: the suites that talk to Kafka (libs/kafka, the apps' e2e specs, test/e2e, the CLI, the
 * docs tests) with the same assertions, against one real Apache Kafka node instead of an embedded broker per test
 * (test/support/test-broker.ts). Tests that inject broker faults or need several nodes are marked embedded-only.
 */
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testRegex: '.*\\.e2e-spec\\.ts$',
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/libs/kafka-broker/', '<rootDir>/libs/database/', '<rootDir>/test/chaos/', '<rootDir>/test/infra/', '<rootDir>/bench/'],
  globalSetup: '<rootDir>/test/support/apache-kafka.global-setup.ts',
  globalTeardown: '<rootDir>/test/support/apache-kafka.global-teardown.ts',
};
