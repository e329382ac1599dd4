import { Client } from 'pg';
import { randomBytes } from 'node:crypto';

/** A database of the scenario's own on the local PostgreSQL, dropped (with its connections) at the end. */
export interface ScratchDatabase {
  readonly name: string;
  /** postgres://.../<name> */
  readonly url: string;
  drop(): Promise<void>;
}

/** Creates `chaos_<label>_<random>` on the server at `serverUrl` (a URL without a database). */
export async function createScratchDatabase(serverUrl: string, label: string): Promise<ScratchDatabase> {
  const name = `chaos_${label.replace(/[^a-z0-9]/g, '_')}_${randomBytes(3).toString('hex')}`;
  await onServer(serverUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  return {
    name,
    url: databaseUrl(serverUrl, name),
    drop: () => onServer(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** `serverUrl` with its path set to `database` (and its port to `port`, to go through a proxy). */
export function databaseUrl(serverUrl: string, database: string, port?: number): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  if (port !== undefined) url.port = String(port);
  return url.toString();
}

async function onServer<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
