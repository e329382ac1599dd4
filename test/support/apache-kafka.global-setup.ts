import { freePort, startApacheKafka, type ApacheKafkaCluster } from '../../scripts/apache-kafka/cluster';
import { APACHE_BROKERS_ENV } from './apache-kafka-env';

/**
 * Jest global setup of `npm run test:apache`: one Apache Kafka node (KRaft, from the jars `npm run
 * setup:apache-kafka` fetched) on a free port, shared by every suite of the run; teardown stops it.
 */
declare global {
  var __apacheKafkaForTests: ApacheKafkaCluster | undefined;
}

export default async function setup(): Promise<void> {
  const started = Date.now();
  const cluster = await startApacheKafka({ nodes: 1, port: await freePort(), heapMb: 768 });
  globalThis.__apacheKafkaForTests = cluster;
  process.env[APACHE_BROKERS_ENV] = cluster.bootstrapServers;
  process.env.TEST_KAFKA = 'apache';
  process.stdout.write(`\nApache Kafka for the tests at ${cluster.bootstrapServers} (up in ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}
