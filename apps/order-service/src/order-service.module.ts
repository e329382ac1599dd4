import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseLogger, DatabaseModule, OutboxRelayOptions } from '@app/database';
import { KafkaModule, KafkaModuleOptions } from '@app/kafka';
import { ServiceKitModule } from '@app/service-kit';
import type { OrderServiceConfig } from './config/order-service.config';
import { orderServiceMigrations } from './migrations';
import { OrdersModule } from './orders/orders.module';

/** What the app is built from besides its config; tests shorten timings through `kafka` and `outboxRelay`. */
export interface OrderServiceModuleOptions {
  config: OrderServiceConfig;
  databaseLogger: DatabaseLogger;
  /** Merged over the options derived from `config.kafka`. */
  kafka?: Partial<KafkaModuleOptions>;
  outboxRelay?: OutboxRelayOptions;
}

/**
 * The business topics have 6 partitions: their batches are handled side by side (order within a partition is
 * kept), so the records in flight of several partitions share one inbox transaction instead of queueing.
 */
const CONSUMER = { partitionsConsumedConcurrently: 6 };

@Module({})
export class OrderServiceModule {
  static register(options: OrderServiceModuleOptions): DynamicModule {
    const { config, databaseLogger } = options;
    return {
      module: OrderServiceModule,
      imports: [
        ServiceKitModule.forRoot({ service: 'order-service' }),
        DatabaseModule.forRoot({ ...config.database, logger: databaseLogger, migrations: orderServiceMigrations }),
        KafkaModule.forRoot({
          brokers: config.kafka.brokers,
          clientId: config.kafka.clientId,
          compression: config.kafka.compression,
          sasl: config.kafka.sasl,
          ssl: config.kafka.ssl,
          consumer: { ...CONSUMER, stallMs: config.kafka.stallMs },
          ...options.kafka,
        }),
        OrdersModule.register({ logger: databaseLogger, ...options.outboxRelay }),
      ],
    };
  }
}
