import type {} from './apache-kafka.global-setup';
/** Jest global teardown of `npm run test:apache`: stops the node the global setup started. */
export default async function teardown(): Promise<void> {
  await globalThis.__apacheKafkaForTests?.stop();
  globalThis.__apacheKafkaForTests = undefined;
}
