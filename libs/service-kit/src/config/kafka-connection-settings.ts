import { readFileSync } from 'node:fs';
import type { EnvReader } from './env-reader';

export type KafkaCompressionName = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
export type KafkaSaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

/** How every Kafka client of a service reaches the cluster; shapes match `KafkaModuleOptions`. */
export interface KafkaConnectionSettings {
  /** Default none. */
  readonly compression?: KafkaCompressionName;
  /** CONSUMER_STALL_MS: a group behind with no progress this long makes `/health` 503. Default: the lib's (60 s). */
  readonly stallMs?: number;
  readonly sasl?: { readonly mechanism: KafkaSaslMechanism; readonly username: string; readonly password: string };
  readonly ssl?: boolean | { readonly ca?: string; readonly cert?: string; readonly key?: string; readonly rejectUnauthorized: boolean };
}

const COMPRESSIONS: readonly string[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];
const MECHANISMS: readonly string[] = ['plain', 'scram-sha-256', 'scram-sha-512'];

/**
 * KAFKA_COMPRESSION (none), KAFKA_SASL_MECHANISM (plain|scram-sha-256|scram-sha-512, unset: no SASL) with
 * KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD, KAFKA_SSL (false; implied by any KAFKA_SSL_*_FILE),
 * KAFKA_SSL_CA_FILE, KAFKA_SSL_CERT_FILE, KAFKA_SSL_KEY_FILE (PEM files, read at start) and
 * KAFKA_SSL_REJECT_UNAUTHORIZED (true); CONSUMER_STALL_MS (unset: the lib's 60 000).
 */
export function readKafkaConnectionSettings(read: EnvReader): KafkaConnectionSettings {
  const compression = read.string('KAFKA_COMPRESSION', 'none').toLowerCase();
  read.check(COMPRESSIONS.includes(compression), `KAFKA_COMPRESSION must be one of ${COMPRESSIONS.join(', ')}, got ${JSON.stringify(read.optional('KAFKA_COMPRESSION'))}`);
  const stallMs = read.optional('CONSUMER_STALL_MS') === undefined ? undefined : read.integer('CONSUMER_STALL_MS', 60_000, 1000, 86_400_000);
  return {
    compression: COMPRESSIONS.includes(compression) ? (compression as KafkaCompressionName) : 'none',
    ...(stallMs === undefined ? {} : { stallMs }),
    ...saslOf(read),
    ...sslOf(read),
  };
}

function saslOf(read: EnvReader): Pick<KafkaConnectionSettings, 'sasl'> {
  const mechanism = read.optional('KAFKA_SASL_MECHANISM')?.toLowerCase();
  const username = read.optional('KAFKA_SASL_USERNAME');
  const password = read.optional('KAFKA_SASL_PASSWORD');
  if (mechanism === undefined) {
    read.check(username === undefined && password === undefined, 'KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD need KAFKA_SASL_MECHANISM (plain, scram-sha-256 or scram-sha-512)');
    return {};
  }
  read.check(MECHANISMS.includes(mechanism), `KAFKA_SASL_MECHANISM must be one of ${MECHANISMS.join(', ')}, got ${JSON.stringify(mechanism)}`);
  read.check(username !== undefined && password !== undefined, `KAFKA_SASL_MECHANISM=${mechanism} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD`);
  if (!MECHANISMS.includes(mechanism) || username === undefined || password === undefined) return {};
  return { sasl: { mechanism: mechanism as KafkaSaslMechanism, username, password } };
}

function sslOf(read: EnvReader): Pick<KafkaConnectionSettings, 'ssl'> {
  const files = { ca: pem(read, 'KAFKA_SSL_CA_FILE'), cert: pem(read, 'KAFKA_SSL_CERT_FILE'), key: pem(read, 'KAFKA_SSL_KEY_FILE') };
  const anyFile = Object.values(files).some((file) => file !== undefined);
  const enabled = read.boolean('KAFKA_SSL', anyFile);
  const rejectUnauthorized = read.boolean('KAFKA_SSL_REJECT_UNAUTHORIZED', true);
  read.check(enabled || !anyFile, 'KAFKA_SSL=false contradicts the KAFKA_SSL_*_FILE variables set');
  if (!enabled) return {};
  if (!anyFile && rejectUnauthorized) return { ssl: true };
  return { ssl: { ...definedOnly(files), rejectUnauthorized } };
}

function pem(read: EnvReader, name: string): string | undefined {
  const path = read.optional(name);
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    read.check(false, `${name}: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

function definedOnly(files: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
