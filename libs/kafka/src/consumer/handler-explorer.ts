import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { Transaction } from '@app/database';
import { KafkaError } from '../kafka.errors';
import { resolveRetryPolicy } from '../options/resolve-kafka-options';
import type { RetryPolicy } from '../retry/backoff';
import { FAILURE_STRATEGY_NAMES, FailureStrategyName } from '../retry/failure-strategy';
import { assertUsableNames } from '../retry/retry-topics';
import type { InboundMessage } from './inbound-message';
import { KAFKA_HANDLER_METADATA, KafkaHandlerOptions } from './kafka-handler.decorator';

/** A discovered handler with its options resolved and validated. */
export interface HandlerRegistration {
  readonly topic: string;
  readonly group: string;
  readonly retry: RetryPolicy;
  readonly onFailure: FailureStrategyName;
  readonly inbox: boolean;
  readonly fromBeginning: boolean;
  /** Records of one batch handled at once (source topic only). */
  readonly concurrency: number;
  /** `Class.method`, for logs. */
  readonly name: string;
  readonly handle: (message: InboundMessage, tx?: Transaction) => Promise<void>;
}

/** Finds `@KafkaHandler` methods on every provider and controller. */
@Injectable()
export class HandlerExplorer {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  explore(defaults: { retry: RetryPolicy; fromBeginning: boolean }): HandlerRegistration[] {
    const found: HandlerRegistration[] = [];
    const seen = new Map<string, string>();
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) {
      const instance: unknown = wrapper.instance;
      if (!wrapper.isDependencyTreeStatic() || typeof instance !== 'object' || instance === null) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const method = (prototype as Record<string, unknown>)[methodName];
        if (typeof method !== 'function') continue;
        const options = this.reflector.get<KafkaHandlerOptions | undefined>(KAFKA_HANDLER_METADATA, method);
        if (options === undefined) continue;
        const name = `${instance.constructor.name}.${methodName}`;
        const registration = resolveRegistration(options, name, defaults, (message, tx) => Promise.resolve(method.call(instance, message, tx)));
        const key = `${registration.topic}\u0000${registration.group}`;
        const other = seen.get(key);
        if (other !== undefined) {
          throw new KafkaError('KAFKA.INVALID_HANDLER', `${name} and ${other} both handle ${registration.topic} in group ${registration.group}; one handler per topic and group`);
        }
        seen.set(key, name);
        found.push(registration);
      }
    }
    return found;
  }
}

export function resolveRegistration(
  options: KafkaHandlerOptions,
  name: string,
  defaults: { retry: RetryPolicy; fromBeginning: boolean },
  handle: HandlerRegistration['handle'],
): HandlerRegistration {
  const onFailure = options.onFailure ?? 'retry-then-dead-letter';
  if (!FAILURE_STRATEGY_NAMES.includes(onFailure)) {
    throw new KafkaError('KAFKA.INVALID_HANDLER', `${name}: onFailure must be one of ${FAILURE_STRATEGY_NAMES.join(', ')}, got ${JSON.stringify(onFailure)}`);
  }
  const retry = resolveRetryPolicy(options.retry ?? {}, defaults.retry, `${name} retry`, 'KAFKA.INVALID_HANDLER');
  // A handler that never retries still gets no retry topics, only its redrive topic.
  const retries = onFailure === 'dead-letter' ? 0 : retry.retries;
  if (typeof options.topic !== 'string' || typeof options.group !== 'string') {
    throw new KafkaError('KAFKA.INVALID_HANDLER', `${name}: topic and group must be strings`);
  }
  assertUsableNames(options.topic, options.group, retries);
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000) {
    throw new KafkaError('KAFKA.INVALID_HANDLER', `${name}: concurrency must be an integer from 1 to 1000, got ${JSON.stringify(options.concurrency)}`);
  }
  return Object.freeze({
    topic: options.topic,
    group: options.group,
    retry: Object.freeze({ ...retry, retries }),
    onFailure,
    inbox: options.inbox ?? false,
    fromBeginning: options.fromBeginning ?? defaults.fromBeginning,
    concurrency,
    name,
    handle,
  });
}
