import { randomBytes } from 'node:crypto';

/** A setting of `npm start` that cannot be used; the message lists every problem. */
export class StartConfigError extends Error {
  override readonly name = 'StartConfigError';
  readonly code = 'START.INVALID_CONFIG';
  readonly retriable = false;
}

/** The services `npm start` runs, in start order. */
export const SERVICE_NAMES = ['order-service', 'payment-service', 'notification-service', 'analytics-service', 'console'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** One child process to run: a service, or a further payment-service instance. */
export interface ServiceInstance {
  /** Shown in logs and messages: the service name, `payment-service-2` for a second instance. */
  readonly label: string;
  readonly service: ServiceName;
  readonly port: number;
}

export type KafkaSetting =
  | { readonly kind: 'embedded'; readonly port: number; readonly dataDir: string }
  /** Apache Kafka (one KRaft node) from the jars `npm run setup:apache-kafka` fetches: `npm start -- --kafka apache`. */
  | { readonly kind: 'apache'; readonly port: number; readonly dataDir: string }
  | { readonly kind: 'external'; readonly brokers: readonly string[] };

export interface StartConfig {
  /** Interface the services bind (`HOST`, passed through). */
  readonly host: string;
  /** Where the services are asked for `/health`: `host`, or 127.0.0.1 when it is a wildcard. */
  readonly probeHost: string;
  /** Root of everything kept on disk: `kafka/`, `<service>/` (PGlite) and `logs/`. */
  readonly dataDir: string;
  readonly kafka: KafkaSetting;
  /** PostgreSQL for every service (one schema each); unset: PGlite under `dataDir/<service>`. */
  readonly databaseUrl?: string;
  readonly instances: readonly ServiceInstance[];
  /** `terminal`: log lines on stdout, prefixed by service; `files`: raw JSON lines in `dataDir/logs/<label>.log`. */
  readonly logs: 'terminal' | 'files';
  readonly color: boolean;
  /** The payment-service's ADMIN_TOKEN: as configured, or generated for this start (`adminTokenGenerated`). */
  readonly adminToken: string;
  readonly adminTokenGenerated: boolean;
  readonly readyTimeoutMs: number;
  readonly stopTimeoutMs: number;
  /** What the services inherit (LOG_LEVEL, GATEWAY_*, ...); ports, brokers and data locations are set over it. */
  readonly childEnv: Readonly<Record<string, string | undefined>>;
}

/** Partitions of the three business topics when `npm start` creates them. */
export const TOPIC_PARTITIONS = 6;

type Env = Readonly<Record<string, string | undefined>>;

const BROKER = /^[^\s:,]+:\d{1,5}$/;

/**
 * Reads `npm start`'s settings: env (see the README's "npm start" section) and the flags `--log-files` and
 * `--help`. Everything wrong is reported at once in a {@link StartConfigError}.
 */
/** The services' log levels (pino's). */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadStartConfig(env: Env = process.env, argv: readonly string[] = process.argv.slice(2), stdoutIsTty = process.stdout.isTTY === true): StartConfig | 'help' {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const parsed = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return parsed;
  };

  let logs: StartConfig['logs'] = 'terminal';
  let kafkaKind: 'embedded' | 'apache' = 'embedded';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--log-files') logs = 'files';
    else if (arg === '--kafka' || arg.startsWith('--kafka=')) {
      const kind = arg === '--kafka' ? argv[++i] : arg.slice('--kafka='.length);
      if (kind === 'embedded' || kind === 'apache') kafkaKind = kind;
      else problems.push(`--kafka takes embedded or apache, got ${JSON.stringify(kind ?? '')}`);
    } else problems.push(`unknown argument ${JSON.stringify(arg)} (try --help)`);
  }

  const dataDir = value('DATA_DIR') ?? './data';
  const brokers = value('KAFKA_BROKERS')
    ?.split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  if (brokers !== undefined && (brokers.length === 0 || !brokers.every((b) => BROKER.test(b)))) {
    problems.push(`KAFKA_BROKERS must be host:port[,host:port...], got ${JSON.stringify(env.KAFKA_BROKERS)}`);
  }
  if (brokers !== undefined && kafkaKind === 'apache') problems.push('--kafka apache starts a Kafka of its own: leave KAFKA_BROKERS unset, or drop --kafka apache to use that cluster');
  const brokerPort = integer('KAFKA_BROKER_PORT', 9092, 1, 65_535);
  const kafka: KafkaSetting =
    brokers !== undefined
      ? { kind: 'external', brokers }
      : kafkaKind === 'apache'
        ? { kind: 'apache', port: brokerPort, dataDir: `${dataDir}/apache-kafka` }
        : { kind: 'embedded', port: brokerPort, dataDir: `${dataDir}/kafka` };

  const databaseUrl = value('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');

  // Settings the services read, checked here too: a bad one fails at once, not after the broker and four services started.
  const logLevel = value('LOG_LEVEL');
  if (logLevel !== undefined && !LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(logLevel)}`);
  const workers = integer('WORKERS', 1, 1, 64);
  if (workers > 1 && databaseUrl === undefined) problems.push(`WORKERS=${workers} needs DATABASE_URL: PGlite lives inside one process and cannot be shared by workers`);
  const paymentInstances = integer('PAYMENT_INSTANCES', 1, 1, TOPIC_PARTITIONS);
  if (paymentInstances > 1 && databaseUrl === undefined) {
    problems.push('PAYMENT_INSTANCES above 1 needs DATABASE_URL: PGlite belongs to one process, so instances cannot share it');
  }
  const paymentPort = integer('PAYMENT_SERVICE_PORT', 3003, 1, 65_535);
  const extraPaymentPort = integer('PAYMENT_SERVICE_EXTRA_PORT', 3006, 1, 65_535 - TOPIC_PARTITIONS);
  const instances: ServiceInstance[] = [
    { label: 'order-service', service: 'order-service', port: integer('ORDER_SERVICE_PORT', 3002, 1, 65_535) },
    { label: 'payment-service', service: 'payment-service', port: paymentPort },
  ];
  for (let n = 2; n <= paymentInstances; n++) instances.push({ label: `payment-service-${n}`, service: 'payment-service', port: extraPaymentPort + n - 2 });
  instances.push(
    { label: 'notification-service', service: 'notification-service', port: integer('NOTIFICATION_SERVICE_PORT', 3004, 1, 65_535) },
    { label: 'analytics-service', service: 'analytics-service', port: integer('ANALYTICS_SERVICE_PORT', 3005, 1, 65_535) },
    { label: 'console', service: 'console', port: integer('CONSOLE_PORT', 8080, 1, 65_535) },
  );
  const ports = [...instances.map((i) => i.port), ...(kafka.kind === 'external' ? [] : [kafka.port])];
  const clash = ports.find((port, index) => ports.indexOf(port) !== index);
  if (clash !== undefined) problems.push(`port ${clash} is given to two processes; set the *_PORT variables apart`);

  const configuredToken = value('ADMIN_TOKEN');
  if (configuredToken !== undefined && !/^[\x21-\x7e]{16,256}$/.test(configuredToken)) problems.push('ADMIN_TOKEN must be 16 to 256 printable characters without spaces');
  const adminToken = configuredToken ?? randomBytes(18).toString('base64url');

  const host = value('HOST') ?? '127.0.0.1';
  const config: StartConfig = {
    host,
    probeHost: host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host,
    dataDir,
    kafka,
    databaseUrl,
    instances,
    logs,
    color: stdoutIsTty && value('NO_COLOR') === undefined,
    adminToken,
    adminTokenGenerated: configuredToken === undefined,
    readyTimeoutMs: integer('START_READY_TIMEOUT_MS', 120_000, 1000, 3_600_000),
    stopTimeoutMs: integer('START_STOP_TIMEOUT_MS', 15_000, 100, 600_000),
    childEnv: { ...env, ADMIN_TOKEN: adminToken },
  };
  if (problems.length > 0) throw new StartConfigError(`npm start: invalid settings:\n  - ${problems.join('\n  - ')}`);
  return config;
}

export const START_HELP = `npm start [-- --log-files] [-- --kafka apache]: the embedded Kafka broker (unless KAFKA_BROKERS is set) and the services.

  --log-files                 service logs go to DATA_DIR/logs/<service>.log instead of the terminal
  --kafka apache              run on Apache Kafka (one KRaft node on KAFKA_BROKER_PORT, data in DATA_DIR/apache-kafka),
                              fetched from Maven Central on first use (Java 17+ and Maven); --kafka embedded is the default

  KAFKA_BROKERS               use this Kafka instead of the embedded broker (topics are still created if missing)
  KAFKA_BROKER_PORT           port of the embedded broker or of the Apache Kafka node (9092)
  DATABASE_URL                PostgreSQL for every service (one schema each); unset: PGlite under DATA_DIR
  DATA_DIR                    root of the data kept on disk (./data): kafka/, <service>/, logs/
  ORDER_SERVICE_PORT          3002    PAYMENT_SERVICE_PORT        3003    CONSOLE_PORT  8080 (web console)
  NOTIFICATION_SERVICE_PORT   3004    ANALYTICS_SERVICE_PORT      3005
  PAYMENT_INSTANCES           payment-service instances, 1..6 (1); more than one needs DATABASE_URL
  PAYMENT_SERVICE_EXTRA_PORT  port of the second payment instance, the next ones count up (3006)
  ADMIN_TOKEN                 Bearer token of the payment admin endpoints (default: generated, shown when ready)
  HOST, LOG_LEVEL, GATEWAY_*  passed to the services
  START_READY_TIMEOUT_MS      how long each service may take to become ready (120000)
  START_STOP_TIMEOUT_MS       how long a service may take to stop before it is killed (15000)`;
