import type { ConnectionOptions } from 'node:tls';
import type { Registry } from 'prom-client';
import type { KafkaLogger } from '../kafka-logger';
import type { RetryPolicy } from '../retry/backoff';

/** SASL credentials for a real cluster, handed to the client as they are. */
export type KafkaSaslOptions =
  | { mechanism: 'plain'; username: string; password: string }
  | { mechanism: 'scram-sha-256'; username: string; password: string }
  | { mechanism: 'scram-sha-512'; username: string; password: string };

/** Producer compression codec; every codec is always readable. */
export type KafkaCompression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

/** Level of the Kafka client's own logs that reach the logger. */
export type ClientLogLevel = 'nothing' | 'error' | 'warn' | 'info' | 'debug';

/** What `KafkaModule.forRoot` takes. Validated once at start-up; the object passed in is never changed. */
export interface KafkaModuleOptions {
  /** Bootstrap servers, `host:port`. */
  brokers: readonly string[];
  clientId: string;
  /** TLS for a real cluster: `true` or Node TLS options, passed to the client unchanged. */
  ssl?: boolean | ConnectionOptions;
  sasl?: KafkaSaslOptions;
  /** Codec of every batch the producer writes. Default `none`. */
  compression?: KafkaCompression;
  /** TCP connect timeout. Default 3000 ms. */
  connectionTimeoutMs?: number;
  /** Time a broker has to answer one request. Default 30 000 ms. */
  requestTimeoutMs?: number;
  /** Retries of one request inside the client (besides the start-up retry). Default 5. */
  requestRetries?: number;
  /**
   * Connecting at start-up: `attempts` tries with doubling delays from `initialDelayMs` to `maxDelayMs`, one log
   * line per failed try, then `KAFKA.STARTUP_FAILED`. Default 5 tries, 500 ms to 10 000 ms.
   */
  startupRetry?: { attempts?: number; initialDelayMs?: number; maxDelayMs?: number };
  /** Retry policy of handlers that do not set their own (fields default to {@link DEFAULT_RETRY_POLICY}). */
  retry?: Partial<RetryPolicy>;
  consumer?: {
    /** Default 30 000 ms. */
    sessionTimeoutMs?: number;
    /** Default 3000 ms. */
    heartbeatIntervalMs?: number;
    /** Default 60 000 ms. */
    rebalanceTimeoutMs?: number;
    /** Longest wait of one fetch for new data; also bounds how late a resumed retry partition is read. Default 500 ms. */
    maxWaitTimeMs?: number;
    /**
     * Least data, in bytes, a fetch waits for (up to `maxWaitTimeMs`) before the broker answers. Default 1: answer
     * as soon as any record is there, the lowest latency. A larger value makes fewer, larger batches, so less
     * CPU per record (one fetch, one offset commit, one group-committed transaction for many records) at the
     * cost of up to `maxWaitTimeMs` of delay when traffic is light: for consumers off the latency-critical path.
     */
    minBytes?: number;
    /** Partitions one group processes at the same time. Default 1. */
    partitionsConsumedConcurrently?: number;
    /** A group behind its high watermarks with no record done for this long is reported down by `/health`. Default 60 000 ms. */
    stallMs?: number;
    /**
     * Crashes in a row after which the lib looks for a batch no client can decode at the group's positions, dead-letters
     * it whole and moves past it. Default 1: the check moves past only a batch the lib itself cannot decode, and with
     * kafkajs's fetch retries a consumer stuck on one crashes only every 20-40 s, so a series (ended by 30 s without a
     * crash) may never reach a larger number.
     */
    undecodableAttempts?: number;
    /** Where a group with no committed offset starts. Default true: nothing published before its first start is missed. */
    fromBeginning?: boolean;
  };
  topics?: {
    /** Create missing handler topics, retry, redrive and dead-letter topics at start-up. Default true. */
    create?: boolean;
    /** Replication factor of created topics. Default: the broker's. */
    replicationFactor?: number;
  };
  /** Default: a Nest `Logger` with context `Kafka`. */
  logger?: KafkaLogger;
  /** Default `warn`: the client's info lines (every pause and resume) are noise in production. */
  clientLogLevel?: ClientLogLevel;
  /** Registry the lib's metrics are registered in. Default: a new registry per module, exposed by `KafkaMetrics`. */
  metricsRegistry?: Registry;
}
