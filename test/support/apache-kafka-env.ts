/** The environment variable in which the Apache tier's global setup publishes its node's bootstrap list. */
export const APACHE_BROKERS_ENV = 'TEST_APACHE_KAFKA_BROKERS';
