import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { RunningBroker, startBroker } from '@app/kafka-broker';
import { isInstalled } from '../../scripts/apache-kafka/installation';
import { kafkaToolCommand } from '../../scripts/apache-kafka/tools';
import { uniqueId } from '../support/service-test-kit';

/**
 * Apache Kafka's own command-line tools (the reference Java client), run from the Maven-fetched jars against the
 * embedded broker, for the workflows KAFKA-CLI-REFERENCE.md teaches: topics, console produce/consume with keys,
 * headers and a group, groups with lag, offset resets, record deletion, configs, and the two perf-test tools.
 *
 * It needs the jars (`npm run setup:apache-kafka`) and Java 17: `npm run test:apache` and `npm run test:postgres`
 * always have them in CI; `npm test` on a fresh clone skips it with a warning.
 */
const describeWithJars = isInstalled() ? describe : describe.skip;
if (!isInstalled()) console.warn('Apache Kafka jars are not installed: the Kafka tools tests are skipped (npm run setup:apache-kafka)');

interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function tool(name: string, args: string[], input?: string): Promise<ToolRun> {
  const { command, args: javaArgs } = kafkaToolCommand(name, args);
  return new Promise((resolve, reject) => {
    const child = spawn(command, javaArgs, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

async function ok(name: string, args: string[], input?: string): Promise<string> {
  const run = await tool(name, args, input);
  if (run.code !== 0) throw new Error(`${name} ${args.join(' ')} exited ${run.code}:\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

/** The rows of a whitespace-aligned table whose first cell is `first`, as arrays of cells. */
function rowsStartingWith(table: string, first: string): string[][] {
  return table
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((cells) => cells[0] === first);
}

jest.setTimeout(120_000);

describeWithJars("Apache Kafka's own tools against the embedded broker", () => {
  let broker: RunningBroker;
  let bootstrap: string;

  beforeAll(async () => {
    broker = await startBroker({ port: 0 });
    bootstrap = broker.bootstrapServers;
  });

  afterAll(async () => {
    await broker?.close();
  });

  it('creates, lists, describes and alters topics (kafka-topics, kafka-configs)', async () => {
    const topic = uniqueId('tools_topic');
    await ok('kafka-topics', ['--bootstrap-server', bootstrap, '--create', '--topic', topic, '--partitions', '3', '--config', 'retention.ms=86400000']);
    expect((await ok('kafka-topics', ['--bootstrap-server', bootstrap, '--list'])).split('\n')).toContain(topic);
    const described = await ok('kafka-topics', ['--bootstrap-server', bootstrap, '--describe', '--topic', topic]);
    // No "TopicId:" column: the broker answers Metadata up to v6, before topic ids (its README, Known differences).
    expect(described).toMatch(new RegExp(`Topic: ${topic}\\s+PartitionCount: 3\\s+ReplicationFactor: 1`));
    expect(described.match(/Partition: \d/g)).toHaveLength(3);

    await ok('kafka-topics', ['--bootstrap-server', bootstrap, '--alter', '--topic', topic, '--partitions', '5']);
    expect(await ok('kafka-topics', ['--bootstrap-server', bootstrap, '--describe', '--topic', topic])).toContain('PartitionCount: 5');

    await ok('kafka-configs', ['--bootstrap-server', bootstrap, '--entity-type', 'topics', '--entity-name', topic, '--alter', '--add-config', 'cleanup.policy=compact']);
    const configs = await ok('kafka-configs', ['--bootstrap-server', bootstrap, '--entity-type', 'topics', '--entity-name', topic, '--describe']);
    expect(configs).toContain('retention.ms=86400000');
    expect(configs).toContain('cleanup.policy=compact');

    const duplicate = await tool('kafka-topics', ['--bootstrap-server', bootstrap, '--create', '--topic', topic]);
    expect(duplicate.code).not.toBe(0);
    expect(duplicate.stdout + duplicate.stderr).toMatch(/already exists/);
  });

  it('produces keyed records with headers and consumes them in a group, then shows the lag, resets and deletes (console tools, kafka-consumer-groups, kafka-get-offsets, kafka-delete-records)', async () => {
    const topic = uniqueId('tools_records');
    const group = uniqueId('tools_group');
    await ok('kafka-topics', ['--bootstrap-server', bootstrap, '--create', '--topic', topic, '--partitions', '1']);
    const lines = Array.from({ length: 10 }, (_, i) => `event-type:Demo\torder-${i}\t{"n":${i}}`).join('\n');
    await ok(
      'kafka-console-producer',
      ['--bootstrap-server', bootstrap, '--topic', topic, '--property', 'parse.key=true', '--property', 'parse.headers=true', '--property', 'key.separator=\t'],
      `${lines}\n`,
    );
    expect(await ok('kafka-get-offsets', ['--bootstrap-server', bootstrap, '--topic', topic])).toBe(`${topic}:0:10\n`);

    // What a kafkajs reader sees of what the Java producer wrote: keys, values and headers intact.
    const kafka = new Kafka({ clientId: 'tools-check', brokers: [bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const consumed = await ok('kafka-console-consumer', [
        '--bootstrap-server',
        bootstrap,
        '--topic',
        topic,
        '--group',
        group,
        '--from-beginning',
        '--max-messages',
        '6',
        '--property',
        'print.key=true',
        '--property',
        'print.headers=true',
        '--property',
        'key.separator=|',
      ]);
      const records = consumed.trim().split('\n');
      expect(records).toHaveLength(6);
      expect(records[0]).toBe('event-type:Demo|order-0|{"n":0}');

      const lag = await ok('kafka-consumer-groups', ['--bootstrap-server', bootstrap, '--describe', '--group', group]);
      const header = lag.split('\n').find((line) => line.startsWith('GROUP'));
      expect(header?.trim().split(/\s+/)).toEqual(['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID']);
      expect(rowsStartingWith(lag, group).map((cells) => cells.slice(1, 6))).toEqual([[topic, '0', '6', '10', '4']]);
      expect((await ok('kafka-consumer-groups', ['--bootstrap-server', bootstrap, '--list'])).split('\n')).toContain(group);

      // Dry run by default; --execute moves the committed offset.
      const planned = await ok('kafka-consumer-groups', ['--bootstrap-server', bootstrap, '--group', group, '--topic', topic, '--reset-offsets', '--to-earliest']);
      expect(rowsStartingWith(planned, group).map((cells) => cells.slice(1))).toEqual([[topic, '0', '0']]);
      expect((await admin.fetchOffsets({ groupId: group, topics: [topic] }))[0].partitions[0].offset).toBe('6');
      await ok('kafka-consumer-groups', ['--bootstrap-server', bootstrap, '--group', group, '--topic', topic, '--reset-offsets', '--to-earliest', '--execute']);
      expect((await admin.fetchOffsets({ groupId: group, topics: [topic] }))[0].partitions[0].offset).toBe('0');
      const future = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, '.000');
      await ok('kafka-consumer-groups', ['--bootstrap-server', bootstrap, '--group', group, '--topic', topic, '--reset-offsets', '--to-datetime', future, '--execute']);
      expect((await admin.fetchOffsets({ groupId: group, topics: [topic] }))[0].partitions[0].offset).toBe('10');

      const dir = await mkdtemp(join(tmpdir(), 'kafka-tools-'));
      try {
        const plan = join(dir, 'delete.json');
        await writeFile(plan, JSON.stringify({ version: 1, partitions: [{ topic, partition: 0, offset: 4 }] }));
        expect(await ok('kafka-delete-records', ['--bootstrap-server', bootstrap, '--offset-json-file', plan])).toContain(`partition: ${topic}-0\tlow_watermark: 4`);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      expect((await admin.fetchTopicOffsets(topic))[0]).toMatchObject({ low: '4', high: '10' });
    } finally {
      await admin.disconnect();
    }
  });

  it('runs the producer and consumer perf tests to completion (kafka-producer-perf-test, kafka-consumer-perf-test)', async () => {
    const topic = uniqueId('tools_perf');
    const produced = await ok('kafka-producer-perf-test', [
      '--topic',
      topic,
      '--num-records',
      '20000',
      '--record-size',
      '100',
      '--throughput',
      '-1',
      '--producer-props',
      `bootstrap.servers=${bootstrap}`,
      'acks=all',
    ]);
    expect(produced).toMatch(/^20000 records sent, /m);
    const consumed = await ok('kafka-consumer-perf-test', ['--bootstrap-server', bootstrap, '--topic', topic, '--messages', '20000', '--timeout', '60000']);
    const [, row] = consumed.trim().split('\n');
    // start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, ...
    expect(Number(row.split(',')[4].trim())).toBe(20000);
  });
});
