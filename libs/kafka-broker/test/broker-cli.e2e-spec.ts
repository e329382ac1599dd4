import { Kafka, logLevel } from 'kafkajs';
import { CliBroker, runCliToExit, startCliBroker } from './cli-broker';
import { uniqueName } from './helpers';

describe('the standalone broker command', () => {
  let broker: CliBroker | null = null;
  afterEach(async () => {
    if (broker && broker.child.exitCode === null && broker.child.signalCode === null) {
      broker.child.kill('SIGKILL');
      await broker.exited;
    }
    broker = null;
  });

  it('prints a bootstrap line a client can use, logs JSON lines, and exits 0 on SIGINT', async () => {
    broker = await startCliBroker(['--port', '0', '--nodes', '2']);
    const { stdout } = broker.output();
    const line = stdout.split('\n')[0];
    expect(line).toMatch(/^bootstrap servers: /);
    const bootstrap = line.slice('bootstrap servers: '.length);
    expect(bootstrap).toMatch(/^127\.0\.0\.1:\d+,127\.0\.0\.1:\d+$/);
    expect(stdout).toMatch(/^node 0 listening on 127\.0\.0\.1:\d+$/m);
    expect(stdout).toMatch(/^node 1 listening on 127\.0\.0\.1:\d+$/m);

    const kafka = new Kafka({ clientId: 'cli-test', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING });
    const topic = uniqueName('cli');
    const producer = kafka.producer({ allowAutoTopicCreation: true });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ value: 'hello' }] });
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    expect(offsets.reduce((sum, o) => sum + Number(o.high), 0)).toBe(1);

    broker.child.kill('SIGINT');
    expect(await broker.exited).toBe(0);
    const logs = broker
      .output()
      .stderr.split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { level: string; msg: string });
    expect(logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['broker started', 'broker stopped']));
  });

  it('refuses an invalid option with a clear message and exit code 2', () => {
    const res = runCliToExit(['--nodes', 'many']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--nodes expects a whole number, got "many"');
    const unknown = runCliToExit(['--colour']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown option "--colour"');
  });

  it('prints usage for --help and exits 0', () => {
    const res = runCliToExit(['--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('--data-dir DIR');
  });
});
