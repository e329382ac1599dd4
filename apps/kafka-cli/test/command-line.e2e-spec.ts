import { createServer } from 'node:net';
import { cliJson, runCli, useBroker } from './cli-test-kit';

jest.setTimeout(120_000);

const COMMANDS = ['topics list', 'topics create', 'topics describe', 'groups list', 'groups describe', 'offsets reset', 'dlq list', 'dlq show', 'dlq redrive', 'produce', 'consume'];

/** A port nothing listens on: bound once to get it from the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('the kafka command line', () => {
  it('is the npm script "kafka", whose --help lists every command, the global options and the exit codes', async () => {
    const run = await runCli(['--help'], { viaNpm: true });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run -s kafka -- <command> \[options\]/);
    for (const command of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    for (const option of ['--brokers', '--json', '--connect-timeout-ms', '--help']) expect(run.stdout).toContain(option);
    expect(run.stdout).toContain('3 Kafka unreachable');
  });

  it('has --help for each command and each command group', async () => {
    const create = await runCli(['topics', 'create', '--help']);
    expect(create.code).toBe(0);
    expect(create.stdout).toMatch(/^Usage: npm run -s kafka -- topics create <name> --partitions N \[--replication-factor N\] \[--config k=v\]\.\.\./);
    expect(create.stdout).toMatch(/^ {2}--partitions N +number of partitions \(required\)$/m);
    const reset = await runCli(['offsets', 'reset', '-h']);
    expect(reset.stdout).toContain('--to-timestamp ISO|ms');
    expect(reset.stdout).toContain('--dry-run');
    const group = await runCli(['dlq', '--help']);
    expect(group.code).toBe(0);
    expect(group.stdout).toMatch(/^Usage: npm run -s kafka -- dlq <list\|show\|redrive> \[options\]/);
  });

  it('answers a wrong command line with exit code 2 and where to look, before contacting Kafka', async () => {
    const port = await closedPort();
    const brokers = `127.0.0.1:${port}`;
    const cases: [string[], string][] = [
      [[], 'error: no command given'],
      [['topics', 'lst'], 'error: unknown command topics lst'],
      [['topics'], 'error: topics needs a command'],
      [['topics', 'create', 'x'], 'error: --partitions is required'],
      [['topics', 'create', 'x', '--partitions', 'three'], 'error: --partitions must be an integer of at least 1, got "three"'],
      [['topics', 'list', '--colour'], 'error: unknown option --colour'],
      [['dlq', 'show', 'x-dlq', '0'], 'error: dlq show needs <dlq-topic> <partition> <offset>'],
      [['produce', 't', 'v', 'extra'], 'error: unexpected argument "extra"'],
      [['topics', 'list', '--brokers', 'nohost'], 'error: brokers must be host:port'],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args, { brokers });
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stderr).toContain(message);
      expect(run.stderr).toContain('hint: see npm run -s kafka --');
    }
    const json = await runCli(['topics', 'lst', '--json'], { brokers });
    expect(JSON.parse(json.stderr)).toEqual({ error: { code: 'CLI.USAGE', message: 'unknown command topics lst', hint: 'see npm run -s kafka -- topics --help' } });
  });

  it('fails with exit code 3 and names the brokers when none answers', async () => {
    const brokers = `127.0.0.1:${await closedPort()}`;
    const run = await runCli(['topics', 'list', '--connect-timeout-ms', '5000'], { brokers });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`error: cannot reach Kafka at ${brokers}`);
    expect(run.stderr).toContain('hint: start a broker (npm run broker) or point --brokers / KAFKA_BROKERS at a running one');
    const json = await runCli(['groups', 'list', '--json', '--brokers', brokers]);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: 'CLI.UNREACHABLE' } });
    expect(json.stdout).toBe('');
  });

  describe('with a broker', () => {
    const broker = useBroker();

    it('takes the brokers from KAFKA_BROKERS, and --brokers over it', async () => {
      const good = broker().bootstrapServers;
      const bad = `127.0.0.1:${await closedPort()}`;
      expect(await cliJson(['topics', 'list'], { brokers: good })).toEqual({ topics: [] });
      expect(await cliJson(['topics', 'list', '--brokers', good], { brokers: bad })).toEqual({ topics: [] });
      expect((await runCli(['topics', 'list', '--brokers', bad], { brokers: good })).code).toBe(3);
    });
  });
});
