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

@Module({})
export class OrderServiceModule {
  static register(options: OrderServiceModuleOptions): DynamicModule {
    const { config, databaseLogger } = options;
    return {
      module: OrderServiceModule,
      imports: [
        ServiceKitModule.forRoot({ service: 'order-service' }),
        DatabaseModule.forRoot({ ...config.database, logger: databaseLogger, migrations: orderServiceMigrations }),
        KafkaModule.forRoot({ brokers: config.kafka.brokers, clientId: config.kafka.clientId, ...options.kafka }),
        OrdersModule.register({ logger: databaseLogger, ...options.outboxRelay }),
      ],
    };
  }
}
