import type { ConnectionOptions } from 'node:tls';
import type { Registry } from 'prom-client';
import { KafkaError } from '../kafka.errors';
import { KafkaLogger, nestKafkaLogger } from '../kafka-logger';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from '../retry/backoff';
import { ClientLogLevel, KafkaCompression, KafkaModuleOptions, KafkaSaslOptions } from './kafka-module.options';

export interface ResolvedKafkaOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly ssl?: boolean | ConnectionOptions;
  readonly sasl?: KafkaSaslOptions;
  readonly compression: KafkaCompression;
  readonly connectionTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly requestRetries: number;
  readonly startupRetry: { readonly attempts: number; readonly initialDelayMs: number; readonly maxDelayMs: number };
  readonly retry: RetryPolicy;
  readonly consumer: {
    readonly sessionTimeoutMs: number;
    readonly heartbeatIntervalMs: number;
    readonly rebalanceTimeoutMs: number;
    readonly maxWaitTimeMs: number;
    readonly minBytes: number;
    readonly partitionsConsumedConcurrently: number;
    readonly fromBeginning: boolean;
    readonly stallMs: number;
    readonly undecodableAttempts: number;
  };
  readonly topics: { readonly create: boolean; readonly replicationFactor?: number };
  readonly logger: KafkaLogger;
  readonly clientLogLevel: ClientLogLevel;
  readonly metricsRegistry?: Registry;
}

const BROKER = /^[^\s:]+:\d{1,5}$/;
/** A fetch never needs to wait for more than this (the client's own default maxBytes is 10 MiB). */
const MAX_MIN_BYTES = 10 * 1024 * 1024;
export const COMPRESSIONS: readonly KafkaCompression[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];
const LOG_LEVELS: readonly ClientLogLevel[] = ['nothing', 'error', 'warn', 'info', 'debug'];

/** Validates `options` once and returns a frozen copy with defaults; throws `KAFKA.INVALID_OPTIONS`. */
export function resolveKafkaOptions(options: KafkaModuleOptions): ResolvedKafkaOptions {
  if (!Array.isArray(options.brokers) || options.brokers.length === 0) throw invalid('brokers must list at least one host:port');
  for (const broker of options.brokers) {
    if (typeof broker !== 'string' || !BROKER.test(broker)) throw invalid(`broker ${JSON.stringify(broker)} must be host:port`);
  }
  if (typeof options.clientId !== 'string' || options.clientId.trim() === '') throw invalid('clientId must be a non-empty string');
  if (options.sasl !== undefined && !['plain', 'scram-sha-256', 'scram-sha-512'].includes(options.sasl.mechanism)) {
    throw invalid(`sasl.mechanism must be plain, scram-sha-256 or scram-sha-512, got ${JSON.stringify(options.sasl.mechanism)}`);
  }
  const compression = options.compression ?? 'none';
  if (!COMPRESSIONS.includes(compression)) throw invalid(`compression must be one of ${COMPRESSIONS.join(', ')}, got ${JSON.stringify(compression)}`);
  const clientLogLevel = options.clientLogLevel ?? 'warn';
  if (!LOG_LEVELS.includes(clientLogLevel)) throw invalid(`clientLogLevel must be one of ${LOG_LEVELS.join(', ')}`);

  const startup = options.startupRetry ?? {};
  const startupRetry = Object.freeze({
    attempts: integer(startup.attempts, 5, 'startupRetry.attempts', 1, 100),
    initialDelayMs: integer(startup.initialDelayMs, 500, 'startupRetry.initialDelayMs', 0),
    maxDelayMs: integer(startup.maxDelayMs, 10_000, 'startupRetry.maxDelayMs', 0),
  });
  const consumerIn = options.consumer ?? {};
  const consumer = Object.freeze({
    sessionTimeoutMs: integer(consumerIn.sessionTimeoutMs, 30_000, 'consumer.sessionTimeoutMs', 1),
    heartbeatIntervalMs: integer(consumerIn.heartbeatIntervalMs, 3000, 'consumer.heartbeatIntervalMs', 1),
    rebalanceTimeoutMs: integer(consumerIn.rebalanceTimeoutMs, 60_000, 'consumer.rebalanceTimeoutMs', 1),
    maxWaitTimeMs: integer(consumerIn.maxWaitTimeMs, 500, 'consumer.maxWaitTimeMs', 1),
    minBytes: integer(consumerIn.minBytes, 1, 'consumer.minBytes', 1, MAX_MIN_BYTES),
    partitionsConsumedConcurrently: integer(consumerIn.partitionsConsumedConcurrently, 1, 'consumer.partitionsConsumedConcurrently', 1, 1000),
    fromBeginning: consumerIn.fromBeginning ?? true,
    stallMs: integer(consumerIn.stallMs, 60_000, 'consumer.stallMs', 1),
    undecodableAttempts: integer(consumerIn.undecodableAttempts, 1, 'consumer.undecodableAttempts', 1, 100),
  });
  if (consumer.heartbeatIntervalMs >= consumer.sessionTimeoutMs) {
    throw invalid(`consumer.heartbeatIntervalMs (${consumer.heartbeatIntervalMs}) must be below consumer.sessionTimeoutMs (${consumer.sessionTimeoutMs})`);
  }
  const topicsIn = options.topics ?? {};
  const topics = Object.freeze({
    create: topicsIn.create ?? true,
    replicationFactor: topicsIn.replicationFactor === undefined ? undefined : integer(topicsIn.replicationFactor, 1, 'topics.replicationFactor', 1, 100),
  });

  return Object.freeze({
    brokers: Object.freeze([...(options.brokers as readonly string[])]),
    clientId: options.clientId,
    ssl: options.ssl,
    sasl: options.sasl,
    compression,
    connectionTimeoutMs: integer(options.connectionTimeoutMs, 3000, 'connectionTimeoutMs', 1),
    requestTimeoutMs: integer(options.requestTimeoutMs, 30_000, 'requestTimeoutMs', 1),
    requestRetries: integer(options.requestRetries, 5, 'requestRetries', 0, 100),
    startupRetry,
    retry: resolveRetryPolicy(options.retry ?? {}, DEFAULT_RETRY_POLICY, 'retry'),
    consumer,
    topics,
    logger: options.logger ?? nestKafkaLogger(),
    clientLogLevel,
    metricsRegistry: options.metricsRegistry,
  });
}

/** Fills `partial` from `base` and validates the result; `where` prefixes error messages. */
export function resolveRetryPolicy(
  partial: Partial<RetryPolicy>,
  base: RetryPolicy,
  where: string,
  code: 'KAFKA.INVALID_OPTIONS' | 'KAFKA.INVALID_HANDLER' = 'KAFKA.INVALID_OPTIONS',
): RetryPolicy {
  const fail = (message: string): never => {
    throw new KafkaError(code, message);
  };
  const policy = { ...base, ...definedOnly(partial) };
  if (!Number.isInteger(policy.retries) || policy.retries < 0 || policy.retries > 20) fail(`${where}.retries must be an integer from 0 to 20, got ${policy.retries}`);
  if (!Number.isInteger(policy.initialDelayMs) || policy.initialDelayMs < 0) fail(`${where}.initialDelayMs must be a non-negative integer, got ${policy.initialDelayMs}`);
  if (!Number.isInteger(policy.maxDelayMs) || policy.maxDelayMs < policy.initialDelayMs) fail(`${where}.maxDelayMs must be an integer of at least initialDelayMs, got ${policy.maxDelayMs}`);
  if (typeof policy.multiplier !== 'number' || !(policy.multiplier >= 1) || policy.multiplier > 100) fail(`${where}.multiplier must be from 1 to 100, got ${policy.multiplier}`);
  if (typeof policy.jitter !== 'number' || !(policy.jitter >= 0 && policy.jitter <= 1)) fail(`${where}.jitter must be from 0 to 1, got ${policy.jitter}`);
  return Object.freeze(policy);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function integer(value: number | undefined, fallback: number, what: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) throw invalid(`${what} must be an integer from ${min} to ${max}, got ${value}`);
  return value;
}

function invalid(message: string): KafkaError {
  return new KafkaError('KAFKA.INVALID_OPTIONS', message);
}
