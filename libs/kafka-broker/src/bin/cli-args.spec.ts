import { parseCliArgs } from './cli-args';

function run(argv: string[], env: Record<string, string> = {}) {
  const parsed = parseCliArgs(argv, env);
  if (parsed.kind !== 'run') throw new Error(`expected a config, got ${parsed.kind}: ${'message' in parsed ? parsed.message : ''}`);
  return parsed.config;
}

function error(argv: string[], env: Record<string, string> = {}): string {
  const parsed = parseCliArgs(argv, env);
  if (parsed.kind !== 'error') throw new Error(`expected an error, got ${parsed.kind}`);
  return parsed.message;
}

describe('broker command line', () => {
  it('defaults to port 9092, in memory, info logging', () => {
    expect(run([])).toEqual({ options: { port: 9092 }, logLevel: 'info' });
  });

  it('reads every flag, in both --flag value and --flag=value forms', () => {
    const c = run([
      '--host',
      '0.0.0.0',
      '--port=19092',
      '--data-dir',
      '/tmp/kb',
      '--nodes',
      '3',
      '--partitions=6',
      '--fsync',
      'always',
      '--fsync-interval-ms',
      '250',
      '--log-level',
      'debug',
      '--advertised-host',
      'kafka.local',
    ]);
    expect(c.options).toEqual({
      host: '0.0.0.0',
      port: 19092,
      dataDir: '/tmp/kb',
      nodes: 3,
      defaultPartitions: 6,
      fsync: 'always',
      fsyncIntervalMs: 250,
      advertisedHost: 'kafka.local',
    });
    expect(c.logLevel).toBe('debug');
  });

  it('takes host, port, data dir and others from the environment, flags winning', () => {
    const env = {
      KAFKA_BROKER_HOST: '::',
      KAFKA_BROKER_PORT: '29092',
      KAFKA_BROKER_DATA_DIR: '/var/kb',
      KAFKA_BROKER_NODES: '2',
      KAFKA_BROKER_LOG_LEVEL: 'silent',
    };
    expect(run([], env)).toEqual({ options: { host: '::', port: 29092, dataDir: '/var/kb', nodes: 2 }, logLevel: 'silent' });
    expect(run(['--port', '1234'], env).options.port).toBe(1234);
  });

  it('treats an empty data dir as memory', () => {
    expect(run(['--data-dir='], {}).options.dataDir).toBeNull();
  });

  it('refuses unknown flags, missing values and bad values with a message naming the problem', () => {
    expect(error(['--prot', '1'])).toMatch(/unknown option "--prot"/);
    expect(error(['--port'])).toMatch(/--port needs a value/);
    expect(error(['--port', '--nodes', '2'])).toMatch(/--port needs a value/);
    expect(error(['--port', '70000'])).toMatch(/--port must be in 0..65535/);
    expect(error(['--nodes', 'two'])).toMatch(/--nodes expects a whole number/);
    expect(error(['--nodes', '0'])).toMatch(/--nodes must be in 1..64/);
    expect(error(['--fsync', 'sometimes'])).toMatch(/--fsync must be one of always, interval, never/);
    expect(error(['--log-level', 'loud'])).toMatch(/--log-level must be one of/);
    expect(error([], { KAFKA_BROKER_PORT: '-1' })).toMatch(/KAFKA_BROKER_PORT expects a whole number/);
  });

  it('answers --help with a usage text listing every flag and its variable', () => {
    const parsed = parseCliArgs(['--port', '1', '--help'], {});
    expect(parsed.kind).toBe('help');
    const text = parsed.kind === 'help' ? parsed.text : '';
    for (const s of ['--host', '--port', '--data-dir', '--nodes', '--partitions', '--fsync', '--log-level', 'KAFKA_BROKER_DATA_DIR']) {
      expect(text).toContain(s);
    }
  });
});
