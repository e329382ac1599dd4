/** `npm run setup:apache-kafka`: fetches Apache Kafka's jars with Maven, once; does nothing when they are there. */
import { APACHE_KAFKA_VERSION, ApacheKafkaSetupError, ensureApacheKafka, installDir } from './installation';

try {
  const fetched = ensureApacheKafka((line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`Apache Kafka ${APACHE_KAFKA_VERSION} ${fetched ? 'fetched into' : 'already in'} ${installDir()}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof ApacheKafkaSetupError ? error.message : String(error)}\n`);
  process.exit(2);
}
