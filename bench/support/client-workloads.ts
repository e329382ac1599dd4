/**
 * Produce and consume workloads run by clients nobody here wrote (Kafka's own Java perf tools, kcat) and by kafkajs,
 * against any bootstrap address: the side-by-side scenario runs each on the embedded broker and on Apache Kafka.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaToolCommand } from '../../scripts/apache-kafka/tools';

export interface WorkloadResult {
  readonly records: number;
  readonly seconds: number;
}

export interface Workload {
  /** e.g. 'kafka-producer-perf-test'. */
  readonly name: string;
  readonly kind: 'produce' | 'consume';
  /** Runs against `bootstrap` on `topic` (already created; consume workloads read what the produce one wrote). */
  run(bootstrap: string, topic: string, records: number, workDir: string): Promise<WorkloadResult>;
}

export const RECORD_BYTES = 200;
export const PARTITIONS = 8;

/** Runs a command to its end; rejects with its output when it fails. */
function run(command: string, args: readonly string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.slice(-6).join(' ')} exited ${code}\n${output.slice(-2000)}`))));
    child.stdin.end(input);
  });
}

async function timed(work: () => Promise<number>): Promise<WorkloadResult> {
  const started = process.hrtime.bigint();
  const records = await work();
  return { records, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

function tool(name: string, args: string[]): Promise<string> {
  const { command, args: full } = kafkaToolCommand(name, args);
  return run(command, full);
}

const javaProducer: Workload = {
  name: 'kafka-producer-perf-test',
  kind: 'produce',
  run: (bootstrap, topic, records) =>
    timed(async () => {
      const output = await tool('kafka-producer-perf-test', [
        '--topic',
        topic,
        '--num-records',
        String(records),
        '--record-size',
        String(RECORD_BYTES),
        '--throughput',
        '-1',
        '--producer-props',
        `bootstrap.servers=${bootstrap}`,
        'acks=all',
      ]);
      const sent = /(\d+) records sent/.exec(output.trim().split('\n').at(-1) ?? '');
      if (!sent) throw new Error(`kafka-producer-perf-test printed no summary\n${output.slice(-2000)}`);
      return Number(sent[1]);
    }),
};

const javaConsumer: Workload = {
  name: 'kafka-consumer-perf-test',
  kind: 'consume',
  run: (bootstrap, topic, records) =>
    timed(async () => {
      const output = await tool('kafka-consumer-perf-test', ['--bootstrap-server', bootstrap, '--topic', topic, '--messages', String(records), '--group', `bench-${topic}`]);
      // start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, ...
      const row = output
        .trim()
        .split('\n')
        .at(-1)
        ?.split(',')
        .map((field) => field.trim());
      const consumed = Number(row?.[4]);
      if (!Number.isFinite(consumed)) throw new Error(`kafka-consumer-perf-test printed no summary\n${output.slice(-2000)}`);
      return consumed;
    }),
};

const kcatProducer: Workload = {
  name: 'kcat produce (-P)',
  kind: 'produce',
  run: (bootstrap, topic, records, workDir) => {
    const file = join(workDir, `kcat-${records}.txt`);
    writeFileSync(file, `${'x'.repeat(RECORD_BYTES)}\n`.repeat(records));
    return timed(async () => {
      await run('kcat', ['-P', '-b', bootstrap, '-t', topic, '-X', 'acks=all', '-l', file]);
      return records;
    });
  },
};

const kcatConsumer: Workload = {
  name: 'kcat consume (-C -e)',
  kind: 'consume',
  run: (bootstrap, topic) =>
    timed(async () => {
      const output = await run('kcat', ['-C', '-b', bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '.\n']);
      return output.length / 2;
    }),
};

function kafkajsClient(bootstrap: string): Kafka {
  return new Kafka({ clientId: 'bench-side-by-side', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING });
}

const kafkajsProducer: Workload = {
  name: 'kafkajs produce (batches of 1,000)',
  kind: 'produce',
  run: (bootstrap, topic, records) =>
    timed(async () => {
      const producer = kafkajsClient(bootstrap).producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      try {
        const value = Buffer.alloc(RECORD_BYTES, 'x');
        for (let sent = 0; sent < records; sent += 1000) {
          const messages = Array.from({ length: Math.min(1000, records - sent) }, (_, i) => ({ key: String(sent + i), value }));
          await producer.send({ topic, acks: -1, messages });
        }
      } finally {
        await producer.disconnect();
      }
      return records;
    }),
};

const kafkajsConsumer: Workload = {
  name: 'kafkajs consume (eachBatch)',
  kind: 'consume',
  run: (bootstrap, topic, records) =>
    timed(async () => {
      const consumer = kafkajsClient(bootstrap).consumer({ groupId: `bench-kafkajs-${topic}` });
      await consumer.connect();
      let consumed = 0;
      try {
        await consumer.subscribe({ topic, fromBeginning: true });
        await new Promise<void>((done, fail) => {
          consumer
            .run({
              eachBatch: async ({ batch }) => {
                consumed += batch.messages.length;
                if (consumed >= records) done();
              },
            })
            .catch(fail);
        });
      } finally {
        await consumer.disconnect();
      }
      return consumed;
    }),
};

/** Produce workloads, each followed by the consume workload of the same family on the topic it wrote. */
export const WORKLOAD_PAIRS: readonly (readonly [Workload, Workload])[] = [
  [javaProducer, javaConsumer],
  [kcatProducer, kcatConsumer],
  [kafkajsProducer, kafkajsConsumer],
];
