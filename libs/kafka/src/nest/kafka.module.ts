import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { createKafkajsClient } from '../client/kafkajs-client';
import { HandlerExplorer } from '../consumer/handler-explorer';
import { KafkaConsumers } from '../consumer/kafka-consumers';
import { DeadLetterService } from '../dead-letter/dead-letter.service';
import { KafkaMetrics } from '../metrics/kafka-metrics';
import type { KafkaModuleOptions } from '../options/kafka-module.options';
import { resolveKafkaOptions, ResolvedKafkaOptions } from '../options/resolve-kafka-options';
import { KafkaOutboxPublisher } from '../producer/kafka-outbox-publisher';
import { KafkaProducer } from '../producer/kafka-producer';
import { KAFKA_CLIENT, KAFKA_OPTIONS } from './kafka.constants';
import { ConfigurableKafkaModule, KAFKA_MODULE_OPTIONS } from './kafka.module-definition';

/**
 * Kafka for a Nest app (global): `KafkaModule.forRoot({ brokers, clientId, ... })` or `forRootAsync`. Provides
 * {@link KafkaProducer}, {@link KafkaOutboxPublisher}, {@link DeadLetterService} and {@link KafkaMetrics}, and
 * runs every `@KafkaHandler` method of the app's providers.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    { provide: KAFKA_OPTIONS, inject: [KAFKA_MODULE_OPTIONS], useFactory: (options: KafkaModuleOptions) => resolveKafkaOptions(options) },
    { provide: KAFKA_CLIENT, inject: [KAFKA_OPTIONS], useFactory: (options: ResolvedKafkaOptions) => createKafkajsClient(options) },
    { provide: KafkaMetrics, inject: [KAFKA_OPTIONS], useFactory: (options: ResolvedKafkaOptions) => new KafkaMetrics(options.metricsRegistry) },
    KafkaProducer,
    KafkaOutboxPublisher,
    DeadLetterService,
    HandlerExplorer,
    KafkaConsumers,
  ],
  exports: [KAFKA_OPTIONS, KafkaProducer, KafkaOutboxPublisher, DeadLetterService, KafkaMetrics, KafkaConsumers],
})
export class KafkaModule extends ConfigurableKafkaModule {}
