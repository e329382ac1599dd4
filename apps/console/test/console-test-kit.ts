import pino from 'pino';
import type { ConsoleConfig } from '../src/config/console.config';
import { type ConsoleServer, startConsole } from '../src/http/console-server';
import { afterTest } from '../../../test/support/service-test-kit';

export * from '../../../test/support/service-test-kit';

export const TEST_TOKEN = 'test-admin-token-0123';

/** A console on a free port of 127.0.0.1, closed after the test. */
export async function startTestConsole(brokers: readonly string[], overrides: Partial<ConsoleConfig> = {}): Promise<ConsoleServer> {
  const server = await startConsole(
    { host: '127.0.0.1', port: 0, brokers, adminToken: TEST_TOKEN, readOnly: false, orderServiceUrl: 'http://127.0.0.1:9', ...overrides },
    pino({ level: 'silent' }),
  );
  afterTest(() => server.close());
  return server;
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** One HTTP call to the console, as a script would make it (Bearer token when `token` is given). */
export async function call<T = Record<string, unknown>>(
  server: ConsoleServer,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${server.url}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // an HTML page or an event stream: kept as text
  }
  return { status: response.status, body: body as T, headers: response.headers };
}
