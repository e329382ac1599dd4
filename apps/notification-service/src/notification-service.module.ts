import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { KafkaModule, KafkaModuleOptions } from '@app/kafka';
import { ServiceKitModule, ServiceLogger } from '@app/service-kit';
import { NOTIFICATION_SERVICE_NAME, NotificationServiceConfig } from './config/notification-service.config';
import { databaseLogger } from './database/database-logger';
import { notificationServiceMigrations } from './migrations';
import { ListNotificationsHttpController } from './notifications/list-notifications/list-notifications.http.controller';
import { NotificationEventsHandler } from './notifications/record-notification/notification-events.handler';
import { RecordNotificationService } from './notifications/record-notification/record-notification.service';

/** What an in-process start can change beyond the config (tests). */
export interface NotificationServiceOverrides {
  /** Laid over the Kafka options built from the config (tests shorten waits and heartbeats). */
  kafka?: Partial<KafkaModuleOptions>;
}

/**
 * Every partition of a fetch is handled at once (order within a partition is kept): the events of several
 * partitions share one transaction instead of queueing, and a payment event is never held up behind its own
 * order's OrderCreated batch, which it waits for (3 topics of 6 partitions, plus their retry topics). This
 * service is off the path from an order to its payment, so a fetch waits for 64 KiB of records (or 250 ms):
 * at a few hundred orders a second that makes one fetch, one offset commit and one transaction per hundred
 * events or so rather than per one or two, for notifications at most a quarter of a second later.
 */
const CONSUMER = { partitionsConsumedConcurrently: 32, minBytes: 64 * 1024, maxWaitTimeMs: 250 };

@Module({})
export class NotificationServiceModule {
  static forRoot(config: NotificationServiceConfig, logger: ServiceLogger, overrides: NotificationServiceOverrides = {}): DynamicModule {
    return {
      module: NotificationServiceModule,
      imports: [
        ServiceKitModule.forRoot({ service: NOTIFICATION_SERVICE_NAME }),
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
        DatabaseModule.forRoot({ ...config.database, migrations: notificationServiceMigrations, logger: databaseLogger(logger) }),
      ],
      controllers: [ListNotificationsHttpController],
      providers: [RecordNotificationService, NotificationEventsHandler],
    };
  }
}
