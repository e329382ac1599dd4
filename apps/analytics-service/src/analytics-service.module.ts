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
 * kept), so the events of several partitions share one transaction instead of queueing.
 */
const CONSUMER = { partitionsConsumedConcurrently: 6 };

@Module({})
export class AnalyticsServiceModule {
  static forRoot(config: AnalyticsServiceConfig, logger: ServiceLogger, overrides: AnalyticsServiceOverrides = {}): DynamicModule {
    return {
      module: AnalyticsServiceModule,
      imports: [
        ServiceKitModule.forRoot({ service: ANALYTICS_SERVICE_NAME }),
        KafkaModule.forRoot({ brokers: config.kafka.brokers, clientId: config.kafka.clientId, retry: { ...config.kafka.retry }, consumer: CONSUMER, ...overrides.kafka }),
        DatabaseModule.forRoot({ ...config.database, migrations: analyticsServiceMigrations, logger: databaseLogger(logger) }),
      ],
      controllers: [GetAnalyticsHttpController],
      providers: [CountBusinessEventsService, BusinessEventsHandler, DeadLettersHandler],
    };
  }
}
