import type { Readable } from 'node:stream';
import { Partitioners } from 'kafkajs';
import { keyValuePairs } from '../cli/args';
import { CliError } from '../cli/cli.errors';
import type { CommandSpec } from '../cli/command';
import { requireTopic, topicOffsets } from '../kafka/topic-offsets';

const produce: CommandSpec = {
  path: ['produce'],
  summary: 'write one record to a topic',
  positionals: [
    { name: 'topic', description: 'an existing topic (the CLI never creates topics by writing to them)' },
    { name: 'value', description: 'the value, or - to read it from standard input (one trailing newline is dropped)' },
  ],
  flags: [
    { name: 'key', kind: 'string', placeholder: 'K', description: 'record key; it picks the partition as the services do (murmur2)' },
    { name: 'header', kind: 'list', placeholder: 'k=v', description: 'a header' },
    { name: 'partition', kind: 'integer', placeholder: 'P', description: 'write to this partition instead of the one the key picks' },
  ],
  details: 'Waits for every in-sync replica (acks=all). JSON: { "topic", "partition", "offset" }.',
  examples: ['produce order-created --key order-1 --header event-type=OrderCreated \'{"orderId":"order-1"}\'', 'produce order-created --key order-1 - < order.json'],
  async run({ args, kafka, output, stdin }) {
    const [topic, rawValue] = args.positionals;
    const headers = keyValuePairs('header', args.list('header'));
    const partition = args.integer('partition');
    const admin = await kafka.admin();
    await requireTopic(admin, topic);
    if (partition !== undefined && !(await topicOffsets(admin, topic)).some((p) => p.partition === partition)) {
      throw new CliError('CLI.UNKNOWN_PARTITION', `topic ${topic} has no partition ${partition}`);
    }
    const value = rawValue === '-' ? await readAll(stdin) : Buffer.from(rawValue, 'utf8');
    const producer = await kafka.connect(kafka.kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner }));
    const [ack] = await producer.send({ topic, acks: -1, messages: [{ key: args.string('key') ?? null, value, headers, partition }] });
    const result = { topic, partition: ack.partition, offset: Number(ack.baseOffset ?? ack.offset) };
    output.result(result, (r) => `Produced to ${r.topic}[${r.partition}]@${r.offset}`);
  },
};

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const all = Buffer.concat(chunks);
  const end = all.length >= 2 && all[all.length - 2] === 0x0d && all[all.length - 1] === 0x0a ? 2 : all.length >= 1 && all[all.length - 1] === 0x0a ? 1 : 0;
  return all.subarray(0, all.length - end);
}

export const produceCommands: readonly CommandSpec[] = [produce];
