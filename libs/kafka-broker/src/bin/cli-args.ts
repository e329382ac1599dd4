import type { BrokerOptions } from '../options';
import type { FsyncPolicy } from '../state/storage/file-partition-store';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface CliConfig {
  options: BrokerOptions;
  logLevel: LogLevel;
}

export type CliParse = { kind: 'run'; config: CliConfig } | { kind: 'help'; text: string } | { kind: 'error'; message: string };

interface Flag {
  env?: string;
  arg: string;
  help: string;
  apply(value: string, out: CliConfig): string | null;
}

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];
const FSYNC: readonly FsyncPolicy[] = ['always', 'interval', 'never'];

function int(value: string, min: number, max: number, set: (n: number) => void): string | null {
  if (!/^\d+$/.test(value)) return `expects a whole number, got ${JSON.stringify(value)}`;
  const n = Number(value);
  if (n < min || n > max) return `must be in ${min}..${max}, got ${n}`;
  set(n);
  return null;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], set: (v: T) => void): string | null {
  if (!(allowed as readonly string[]).includes(value)) return `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`;
  set(value as T);
  return null;
}

const FLAGS: Record<string, Flag> = {
  '--host': {
    env: 'KAFKA_BROKER_HOST',
    arg: 'HOST',
    help: 'interface to listen on (default 127.0.0.1)',
    apply: (v, c) => (v ? ((c.options.host = v), null) : 'must not be empty'),
  },
  '--port': {
    env: 'KAFKA_BROKER_PORT',
    arg: 'PORT',
    help: 'port of node 0; node i listens on PORT+i; 0 picks free ports (default 9092)',
    apply: (v, c) => int(v, 0, 65535, (n) => (c.options.port = n)),
  },
  '--advertised-host': {
    env: 'KAFKA_BROKER_ADVERTISED_HOST',
    arg: 'HOST',
    help: 'host name given to clients (default: the listen host)',
    apply: (v, c) => (v ? ((c.options.advertisedHost = v), null) : 'must not be empty'),
  },
  '--data-dir': {
    env: 'KAFKA_BROKER_DATA_DIR',
    arg: 'DIR',
    help: 'keep logs and metadata in DIR (default: in memory, lost on exit)',
    apply: (v, c) => ((c.options.dataDir = v || null), null),
  },
  '--nodes': {
    env: 'KAFKA_BROKER_NODES',
    arg: 'N',
    help: 'number of broker nodes, each its own listener (default 1)',
    apply: (v, c) => int(v, 1, 64, (n) => (c.options.nodes = n)),
  },
  '--partitions': {
    env: 'KAFKA_BROKER_PARTITIONS',
    arg: 'N',
    help: 'partitions of auto-created topics (default 3)',
    apply: (v, c) => int(v, 1, 10_000, (n) => (c.options.defaultPartitions = n)),
  },
  '--fsync': {
    env: 'KAFKA_BROKER_FSYNC',
    arg: 'POLICY',
    help: 'with a data dir: always, interval or never (default interval)',
    apply: (v, c) => oneOf(v, FSYNC, (p) => (c.options.fsync = p)),
  },
  '--fsync-interval-ms': {
    env: 'KAFKA_BROKER_FSYNC_INTERVAL_MS',
    arg: 'MS',
    help: 'fsync period of the interval policy (default 1000)',
    apply: (v, c) => int(v, 1, 3_600_000, (n) => (c.options.fsyncIntervalMs = n)),
  },
  '--log-level': {
    env: 'KAFKA_BROKER_LOG_LEVEL',
    arg: 'LEVEL',
    help: 'debug, info, warn, error or silent (default info); JSON lines on stderr',
    apply: (v, c) => oneOf(v, LEVELS, (l) => (c.logLevel = l)),
  },
};

export function helpText(): string {
  const lines = ['Usage: npm run broker -- [options]', '', 'Starts a Kafka-compatible broker. Options (environment variable in brackets):'];
  for (const [name, f] of Object.entries(FLAGS)) {
    lines.push(`  ${`${name} ${f.arg}`.padEnd(26)} ${f.help}${f.env ? ` [${f.env}]` : ''}`);
  }
  lines.push(`  ${'--help'.padEnd(26)} show this text`);
  return lines.join('\n');
}

/**
 * Reads the command line and environment once, at start-up: flags override environment
 * variables, which override defaults. Pure (no process access), so it is unit-tested directly.
 */
export function parseCliArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): CliParse {
  const config: CliConfig = { options: { port: 9092 }, logLevel: 'info' };
  for (const flag of Object.values(FLAGS)) {
    const value = flag.env ? env[flag.env] : undefined;
    if (value === undefined) continue;
    const err = flag.apply(value, config);
    if (err) return { kind: 'error', message: `${flag.env} ${err}` };
  }
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--help' || token === '-h') return { kind: 'help', text: helpText() };
    const eq = token.indexOf('=');
    const name = eq > 0 ? token.slice(0, eq) : token;
    const flag = FLAGS[name];
    if (!flag) return { kind: 'error', message: `unknown option ${JSON.stringify(token)} (see --help)` };
    let value: string | undefined;
    if (eq > 0) value = token.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) value = argv[++i];
    if (value === undefined) return { kind: 'error', message: `${name} needs a value (${flag.arg})` };
    const err = flag.apply(value, config);
    if (err) return { kind: 'error', message: `${name} ${err}` };
  }
  return { kind: 'run', config };
}
