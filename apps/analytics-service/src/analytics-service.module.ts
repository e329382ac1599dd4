import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { KafkaModule, KafkaModuleOptions } from '@app/kafka';
import { ServiceKitModule, ServiceLogger } from '@app/service-kit';
import { BusinessEventsHandler } from './analytics/count-events/business-events.handler';
import { CountBusinessEventsService } from './analytics/count-events/count-business-events.service';
import { DeadLettersHandler } from './analytics/count-events/dead-letters.handler';
import { GetAnalyticsHttpController } from './analytics/get-analytics/get-analytics.http.controller';
import { ANALYTICS_SERVICE_NAME, AnalyticsServiceConfig } from './config/analytics-service.config';
import { databaseLogger } from './database/database-logger';
import { analyticsServiceMigrations } from './migrations';

/** What an in-process start can change beyond the config (tests). */
export interface AnalyticsServiceOverrides {
  /** Laid over the Kafka options built from the config (tests shorten waits and heartbeats). */
  kafka?: Partial<KafkaModuleOptions>;
}

/**
 * The business topics have 6 partitions: their batches are handled side by side (order within a partition is
 * kept), so the events of several partitions share one transaction instead of queueing. This service is off
 * the path from an order to its payment, so a fetch waits for 64 KiB of records (or 250 ms): at a few hundred
 * orders a second that makes one fetch, one offset commit and one transaction per hundred events or so rather
 * than per one or two, for counts at most a quarter of a second later.
 */
const CONSUMER = { partitionsConsumedConcurrently: 6, minBytes: 64 * 1024, maxWaitTimeMs: 250 };

@Module({})
export class AnalyticsServiceModule {
  static forRoot(config: AnalyticsServiceConfig, logger: ServiceLogger, overrides: AnalyticsServiceOverrides = {}): DynamicModule {
    return {
      module: AnalyticsServiceModule,
      imports: [
        ServiceKitModule.forRoot({ service: ANALYTICS_SERVICE_NAME }),
        KafkaModule.forRoot({
          brokers: config.kafka.brokers,
          clientId: config.kafka.clientId,
          compression: config.kafka.compression,
          sasl: config.kafka.sasl,
          ssl: config.kafka.ssl,
          retry: { ...config.kafka.retry },
          consumer: { ...CONSUMER, stallMs: config.kafka.stallMs },
          ...overrides.kafka,
        }),
        DatabaseModule.forRoot({ ...config.database, migrations: analyticsServiceMigrations, logger: databaseLogger(logger) }),
      ],
      controllers: [GetAnalyticsHttpController],
      providers: [CountBusinessEventsService, BusinessEventsHandler, DeadLettersHandler],
    };
  }
}
