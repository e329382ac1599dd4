import { Kafka, logLevel } from 'kafkajs';
import { CliBroker, startCliBroker, useScratchCliBroker } from './cli-broker';
import { eventually, uniqueName } from './helpers';

const PARTITIONS = 3;

function client(bootstrap: string, retries = 8): Kafka {
  return new Kafka({
    clientId: uniqueName('crash'),
    brokers: bootstrap.split(','),
    logLevel: process.env.KAFKAJS_LOG ? logLevel.DEBUG : logLevel.NOTHING,
    retry: { initialRetryTime: 50, retries },
  });
}

/** "partition:offset" -> value, for every record the broker acknowledged. */
type Acked = Map<string, string>;

/** Sends `rounds` acks=-1 batches of `perBatch` records to each partition, recording what was acknowledged. */
async function produce(kafka: Kafka, topic: string, rounds: number, perBatch: number, acked: Acked, stop = () => false): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  await producer.connect();
  try {
    for (let round = 0; round < rounds && !stop(); round++) {
      for (let partition = 0; partition < PARTITIONS; partition++) {
        const values = Array.from({ length: perBatch }, (_, i) => `r${round}-p${partition}-${i}-${uniqueName('v')}`);
        const [meta] = await producer.send({ topic, acks: -1, messages: values.map((value) => ({ partition, value })) });
        values.forEach((value, i) => acked.set(`${partition}:${Number(meta.baseOffset) + i}`, value));
      }
    }
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
}

/** Every record of the topic as "partition:offset" -> value, read by a fresh consumer group. */
async function readAll(kafka: Kafka, topic: string, atLeast: number): Promise<Acked> {
  const seen: Acked = new Map();
  const consumer = kafka.consumer({ groupId: uniqueName('crash-reader'), maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      seen.set(`${partition}:${message.offset}`, message.value!.toString());
    },
  });
  await eventually(() => (seen.size >= atLeast ? true : undefined), 30_000, `${atLeast} records`);
  await consumer.disconnect();
  return seen;
}

async function committedOffsets(kafka: Kafka, groupId: string, topic: string): Promise<Record<number, string>> {
  const admin = kafka.admin();
  await admin.connect();
  const [res] = await admin.fetchOffsets({ groupId, topics: [topic] });
  await admin.disconnect();
  return Object.fromEntries(res.partitions.map((p) => [p.partition, p.offset]));
}

// kill -9 ends the process, not the machine: acknowledged writes have reached the OS (writeSync before the
// answer), so they must survive under every fsync policy. Power loss is what the fsync policy is about.
describe('the CLI broker on a data dir survives crashes and restarts', () => {
  const scratch = useScratchCliBroker('kafka-broker-crash-');
  const start = async (): Promise<CliBroker> => scratch.track(startCliBroker(['--port', '0', '--data-dir', scratch.dataDir(), '--partitions', String(PARTITIONS), '--log-level', 'warn']));

  it('after kill -9, every acknowledged record is back at its offset, with the committed offsets', async () => {
    const topic = uniqueName('crash');
    const group = uniqueName('crash-group');
    let broker = await start();
    const acked: Acked = new Map();
    await produce(client(broker.bootstrapServers), topic, 20, 10, acked);

    const admin = client(broker.bootstrapServers).admin();
    await admin.connect();
    await admin.setOffsets({
      groupId: group,
      topic,
      partitions: [
        { partition: 0, offset: '17' },
        { partition: 2, offset: '123' },
      ],
    });
    await admin.disconnect();

    // keep producing and kill the broker mid-stream: whatever was acknowledged before must survive
    const beforeKill = acked.size;
    let stopped = false;
    const inFlight = produce(client(broker.bootstrapServers, 0), topic, 1_000, 10, acked, () => stopped).catch(() => undefined);
    await eventually(() => (acked.size >= beforeKill + 300 ? true : undefined), 30_000, 'more acknowledgements');
    process.kill(broker.pid, 'SIGKILL');
    expect(await broker.exited).toBe('SIGKILL');
    stopped = true;
    await inFlight;
    const ackedAtKill = new Map(acked);

    broker = await start();
    const read = await readAll(client(broker.bootstrapServers), topic, ackedAtKill.size);
    for (const [position, value] of ackedAtKill) expect([position, read.get(position)]).toEqual([position, value]);
    expect(await committedOffsets(client(broker.bootstrapServers), group, topic)).toEqual({ 0: '17', 1: '-1', 2: '123' });

    // the restarted log goes on where it stopped: no offset is reused
    const after: Acked = new Map();
    await produce(client(broker.bootstrapServers), topic, 1, 5, after);
    for (const position of after.keys()) expect(read.has(position)).toBe(false);
  });

  it('after SIGTERM, exits 0 and comes back with the same records and offsets', async () => {
    const topic = uniqueName('sigterm');
    const group = uniqueName('sigterm-group');
    let broker = await start();
    const acked: Acked = new Map();
    await produce(client(broker.bootstrapServers), topic, 5, 20, acked);
    const admin = client(broker.bootstrapServers).admin();
    await admin.connect();
    await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 1, offset: '42' }] });
    await admin.disconnect();

    broker.child.kill('SIGTERM');
    expect(await broker.exited).toBe(0);

    broker = await start();
    const read = await readAll(client(broker.bootstrapServers), topic, acked.size);
    expect(read).toEqual(acked);
    expect((await committedOffsets(client(broker.bootstrapServers), group, topic))[1]).toBe('42');
    broker.child.kill('SIGTERM');
    expect(await broker.exited).toBe(0);
  });
});
