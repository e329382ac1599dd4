/**
 * Broker benchmark (`npm run bench:broker`; never part of `npm test`). Runs the CLI broker as a
 * child process and measures, for each phase, client-side msgs/s and MB/s and the broker's own
 * CPU time per MB (read over IPC with process.cpuUsage()):
 *   1. kafkajs producing batches of 100 x 200-byte records with acks=-1
 *   2. a kafkajs consumer reading them back
 *   3. kcat producing 1,000,000 records from a file (kcat -P -l), acks=-1
 *   4. kcat reading them back (kcat -C -e)
 * Environment: BENCH_KAFKAJS_RECORDS (default 200000), BENCH_KCAT_RECORDS (default 1000000),
 * BENCH_DATA_DIR=1 to run the broker on a temporary data dir instead of memory,
 * BENCH_CPU_PROF=1 to write a broker CPU profile (node --cpu-prof) under .tmp/bench-profile.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { CliBroker, startCliBroker } from '../test/cli-broker';

const RECORD_BYTES = 200;
const BATCH = 100;
const KAFKAJS_RECORDS = Number(process.env.BENCH_KAFKAJS_RECORDS ?? 200_000);
const KCAT_RECORDS = Number(process.env.BENCH_KCAT_RECORDS ?? 1_000_000);
const IN_FLIGHT = 8;
const PARTITIONS = 8;

interface Phase {
  name: string;
  records: number;
  bytes: number;
  seconds: number;
  brokerCpuMs: number;
}

async function measure(broker: CliBroker, name: string, records: number, bytes: number, work: () => Promise<void>): Promise<Phase> {
  const cpu0 = await broker.cpuUsage();
  const t0 = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu1 = await broker.cpuUsage();
  const brokerCpuMs = (cpu1.user - cpu0.user + cpu1.system - cpu0.system) / 1000;
  const phase = { name, records, bytes, seconds, brokerCpuMs };
  report(phase);
  return phase;
}

function report(p: Phase): void {
  const mb = p.bytes / 1e6;
  console.log(
    `${p.name.padEnd(34)} ${String(p.records).padStart(9)} records  ${(p.records / p.seconds).toFixed(0).padStart(8)} msgs/s  ` +
      `${(mb / p.seconds).toFixed(1).padStart(6)} MB/s  broker CPU ${(p.brokerCpuMs / mb).toFixed(1).padStart(6)} ms/MB ` +
      `(${((p.brokerCpuMs / (p.seconds * 1000)) * 100).toFixed(0)}% of one core)`,
  );
}

async function kafkajsProduce(kafka: Kafka, topic: string): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const value = Buffer.alloc(RECORD_BYTES, 'x');
  let next = 0;
  const loop = async (): Promise<void> => {
    while (next < KAFKAJS_RECORDS) {
      next += BATCH;
      await producer.send({ topic, acks: -1, messages: Array.from({ length: BATCH }, () => ({ value })) });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, loop));
  await producer.disconnect();
}

async function kafkajsConsume(kafka: Kafka, topic: string, expected: number): Promise<void> {
  const consumer = kafka.consumer({ groupId: `bench-${process.pid}-${Date.now()}`, maxBytes: 50 << 20 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        eachBatch: async ({ batch }) => {
          seen += batch.messages.length;
          if (seen >= expected) resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
}

function kcat(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`kcat ${args.join(' ')} exited ${code}: ${stderr}`))));
  });
}

function writeRecordFile(file: string, count: number): number {
  const line = 'y'.repeat(RECORD_BYTES) + '\n';
  const chunk = line.repeat(10_000);
  const fd = fs.openSync(file, 'w');
  for (let i = 0; i < count; i += 10_000) fs.writeSync(fd, i + 10_000 <= count ? chunk : line.repeat(count - i));
  fs.closeSync(fd);
  return count * RECORD_BYTES;
}

async function createTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: PARTITIONS })), waitForLeaders: true });
  await admin.disconnect();
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-broker-bench-'));
  const args = ['--port', '0', '--log-level', 'warn'];
  if (process.env.BENCH_DATA_DIR === '1') args.push('--data-dir', path.join(tmp, 'data'));
  const profileDir = path.resolve('.tmp', 'bench-profile');
  const nodeArgs = process.env.BENCH_CPU_PROF === '1' ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const broker = await startCliBroker(args, nodeArgs);
  console.log(`broker ${broker.bootstrapServers} (${process.env.BENCH_DATA_DIR === '1' ? 'data dir' : 'in memory'}), ${os.cpus().length} CPUs`);
  const kafka = new Kafka({ clientId: 'bench', brokers: [broker.bootstrapServers], logLevel: logLevel.NOTHING });
  const [kjsTopic, kcatTopic] = ['bench-kafkajs', 'bench-kcat'];
  try {
    await createTopics(kafka, [kjsTopic, kcatTopic]);
    const kjsBytes = KAFKAJS_RECORDS * RECORD_BYTES;
    await measure(broker, `kafkajs produce (${BATCH}/batch, acks=-1)`, KAFKAJS_RECORDS, kjsBytes, () => kafkajsProduce(kafka, kjsTopic));
    await measure(broker, 'kafkajs consume', KAFKAJS_RECORDS, kjsBytes, () => kafkajsConsume(kafka, kjsTopic, KAFKAJS_RECORDS));

    const file = path.join(tmp, 'records.txt');
    const kcatBytes = writeRecordFile(file, KCAT_RECORDS);
    await measure(broker, 'kcat produce (-P -l, acks=-1)', KCAT_RECORDS, kcatBytes, () => kcat(['-b', broker.bootstrapServers, '-P', '-t', kcatTopic, '-l', file, '-X', 'acks=all']));
    await measure(broker, 'kcat consume (-C -e)', KCAT_RECORDS, kcatBytes, () => kcat(['-b', broker.bootstrapServers, '-C', '-t', kcatTopic, '-o', 'beginning', '-e', '-q']));
  } finally {
    broker.child.kill('SIGTERM');
    await broker.exited;
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (nodeArgs.length > 0) console.log(`broker CPU profile written to ${profileDir}`);
}

main().catch((err: Error) => {
  console.error(err.stack);
  process.exit(1);
});
