import { DynamicModule, Module } from '@nestjs/common';
import { Database, DatabaseModule, OutboxRelayOptions } from '@app/database';
import { KafkaModule, KafkaModuleOptions } from '@app/kafka';
import { OUTBOX_RELAY_OPTIONS, ServiceKitModule, ServiceLogger, ServiceMetrics, ServiceOutboxRelay } from '@app/service-kit';
import { GatewaySettingsHttpController } from './admin/gateway-settings/gateway-settings.http.controller';
import { ADMIN_TOKEN } from './admin/admin.guard';
import { RedriveDeadLetterHttpController } from './admin/redrive-dead-letter/redrive-dead-letter.http.controller';
import { PAYMENT_SERVICE_NAME, PaymentServiceConfig } from './config/payment-service.config';
import { databaseLogger } from './database/database-logger';
import { ExistingDatabaseModule } from './database/existing-database.module';
import { paymentServiceMigrations } from './migrations';
import { PAYMENT_GATEWAY } from './payments/gateway/payment-gateway';
import { SimulatedPaymentGateway } from './payments/gateway/simulated-payment-gateway';
import { GetPaymentHttpController } from './payments/get-payment/get-payment.http.controller';
import { PaymentMetrics } from './payments/payment.metrics';
import { OrderCreatedHandler } from './payments/process-payment/order-created.handler';
import { ProcessPaymentService } from './payments/process-payment/process-payment.service';

/** What an in-process start can change beyond the config (tests, several instances in one process). */
export interface PaymentServiceOverrides {
  /** An open, migrated database to use instead of opening one; the caller closes it. */
  database?: Database;
  /** Laid over the Kafka options built from the config (tests shorten waits and heartbeats). */
  kafka?: Partial<KafkaModuleOptions>;
  outboxRelay?: Omit<OutboxRelayOptions, 'logger'>;
}

/**
 * The business topics have 6 partitions: their batches are handled side by side (order within a partition is
 * kept), so the payments of several partitions share one transaction instead of queueing.
 */
const CONSUMER = { partitionsConsumedConcurrently: 6 };

@Module({})
export class PaymentServiceModule {
  static forRoot(config: PaymentServiceConfig, logger: ServiceLogger, overrides: PaymentServiceOverrides = {}): DynamicModule {
    const database =
      overrides.database === undefined
        ? DatabaseModule.forRoot({ ...config.database, migrations: paymentServiceMigrations, logger: databaseLogger(logger) })
        : ExistingDatabaseModule.of(overrides.database);
    return {
      module: PaymentServiceModule,
      imports: [
        ServiceKitModule.forRoot({ service: PAYMENT_SERVICE_NAME }),
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
        database,
      ],
      controllers: [GetPaymentHttpController, GatewaySettingsHttpController, RedriveDeadLetterHttpController],
      providers: [
        { provide: SimulatedPaymentGateway, useFactory: () => new SimulatedPaymentGateway(config.gateway) },
        { provide: PAYMENT_GATEWAY, useExisting: SimulatedPaymentGateway },
        { provide: OUTBOX_RELAY_OPTIONS, useValue: { ...overrides.outboxRelay } },
        { provide: PaymentMetrics, inject: [ServiceMetrics], useFactory: (metrics: ServiceMetrics) => new PaymentMetrics(metrics.registry) },
        { provide: ADMIN_TOKEN, useValue: config.adminToken ?? null },
        ServiceOutboxRelay,
        ProcessPaymentService,
        OrderCreatedHandler,
      ],
    };
  }
}
