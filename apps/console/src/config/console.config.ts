/** A console setting that cannot be used; the message lists every problem. */
export class ConsoleConfigError extends Error {
  override readonly name = 'ConsoleConfigError';
  readonly code = 'CONSOLE.INVALID_CONFIG';
}

export interface ConsoleConfig {
  readonly host: string;
  readonly port: number;
  readonly brokers: readonly string[];
  /** Write actions need it; unset: every write action is refused (as in read-only mode) and the UI says why. */
  readonly adminToken?: string;
  readonly readOnly: boolean;
  /** Where "Follow an order" asks for an order's HTTP view (`GET /orders/:id`). */
  readonly orderServiceUrl: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const BROKER = /^[^\s:,]+:\d{1,5}$/;

export const CONSOLE_HELP = `console [--read-only]: the web console (topics, messages, groups, dead letters, follow an order).

  --read-only        no write action at all (produce, create, delete, reset, redrive, configs)
  CONSOLE_HOST       interface to bind (127.0.0.1; else HOST)
  CONSOLE_PORT       port (8080; else PORT)
  KAFKA_BROKERS      host:port[,host:port...] (localhost:9092)
  ADMIN_TOKEN        token every write action needs (Bearer header, or the console's login form)
  ORDER_SERVICE_URL  order-service for "Follow an order" (http://127.0.0.1:ORDER_SERVICE_PORT, 3002)
  CONSOLE_READ_ONLY  true: as --read-only`;

/** Reads the console's settings from env and argv once, at boot; every problem is reported at once. */
export function loadConsoleConfig(env: Env = process.env, argv: readonly string[] = process.argv.slice(2)): ConsoleConfig | 'help' {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  };
  let readOnly = value('CONSOLE_READ_ONLY') === 'true';
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--read-only') readOnly = true;
    else problems.push(`unknown argument ${JSON.stringify(arg)} (try --help)`);
  }
  // PORT and HOST are what `npm start` gives every child; CONSOLE_* win when both are set.
  const rawPort = value('CONSOLE_PORT') ?? value('PORT') ?? '8080';
  const port = /^\d+$/.test(rawPort) ? Number(rawPort) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) problems.push(`CONSOLE_PORT must be an integer from 0 to 65535, got ${JSON.stringify(rawPort)}`);
  const brokers = (value('KAFKA_BROKERS') ?? 'localhost:9092')
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  if (brokers.length === 0 || !brokers.every((b) => BROKER.test(b))) problems.push(`KAFKA_BROKERS must be host:port[,host:port...], got ${JSON.stringify(env.KAFKA_BROKERS)}`);
  const orderServiceUrl = value('ORDER_SERVICE_URL') ?? `http://127.0.0.1:${value('ORDER_SERVICE_PORT') ?? '3002'}`;
  if (!/^https?:\/\/[^\s]+$/.test(orderServiceUrl)) problems.push(`ORDER_SERVICE_URL must be an http(s) URL, got ${JSON.stringify(orderServiceUrl)}`);
  const adminToken = value('ADMIN_TOKEN');
  if (adminToken !== undefined && adminToken.length < 8) problems.push('ADMIN_TOKEN must be at least 8 characters');
  if (problems.length > 0) throw new ConsoleConfigError(`console: invalid settings:\n  - ${problems.join('\n  - ')}`);
  return { host: value('CONSOLE_HOST') ?? value('HOST') ?? '127.0.0.1', port, brokers, adminToken, readOnly, orderServiceUrl: orderServiceUrl.replace(/\/+$/, '') };
}
