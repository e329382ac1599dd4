import { AnyEvent, encodeEvent, topicOf } from '@app/contracts';
import { buildEventHeaders } from '@app/kafka';
/** Where to write: a broker's bootstrap list. */
export interface BrokerAddress {
  readonly bootstrapServers: string;
}
import { kafkaPython, kcat, PYTHON, run } from '../../libs/kafka-broker/test/external-clients';

/** The codecs Kafka knows, as kcat (`-z`) and kafka-python (`compression_type`) name them. */
export const FOREIGN_CODECS = ['gzip', 'snappy', 'lz4', 'zstd'] as const;
export type ForeignCodec = (typeof FOREIGN_CODECS)[number];

export { kafkaPython, kcat };

function headersOf(event: AnyEvent): Record<string, string> {
  return buildEventHeaders({ eventId: event.eventId, eventType: event.eventType, eventVersion: event.version, correlationId: event.correlationId });
}

/** Writes each event as one record with kcat (librdkafka), compressed with `codec`, keyed and headed like an outbox relay. */
export async function produceWithKcat(broker: BrokerAddress, codec: ForeignCodec, event: AnyEvent): Promise<void> {
  const headers = Object.entries(headersOf(event)).flatMap(([name, value]) => ['-H', `${name}=${value}`]);
  const args = ['-P', '-b', broker.bootstrapServers, '-t', topicOf(event.eventType), '-z', codec, '-k', event.data.orderId, ...headers, '-X', 'linger.ms=0'];
  const result = await run('kcat', args, { input: encodeEvent(event), timeoutMs: 30_000 });
  if (result.code !== 0) throw new Error(`kcat -z ${codec} failed (${result.code}): ${result.stderr}`);
}

const PYTHON_PRODUCER = `
import json, sys
from kafka import KafkaProducer
spec = json.loads(sys.stdin.read())
producer = KafkaProducer(bootstrap_servers=spec['bootstrap'], compression_type=spec['codec'], acks='all', api_version=(2, 5, 0))
for r in spec['records']:
    producer.send(r['topic'], key=r['key'].encode(), value=r['value'].encode(), headers=[(k, v.encode()) for k, v in r['headers'].items()])
producer.flush()
producer.close()
`;

/** Writes the events with kafka-python in one producer (batched per partition), compressed with `codec`. */
export async function produceWithKafkaPython(broker: BrokerAddress, codec: ForeignCodec, events: readonly AnyEvent[]): Promise<void> {
  const records = events.map((event) => ({ topic: topicOf(event.eventType), key: event.data.orderId, value: encodeEvent(event).toString(), headers: headersOf(event) }));
  const input = JSON.stringify({ bootstrap: broker.bootstrapServers, codec, records });
  const result = await run(PYTHON, ['-c', PYTHON_PRODUCER], { input, timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(`kafka-python compression_type=${codec} failed (${result.code}): ${result.stderr}`);
}
