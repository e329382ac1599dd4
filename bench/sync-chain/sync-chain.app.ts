import { DynamicModule, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DatabaseLogger, DatabaseModule, Migration } from '@app/database';
import { createServiceApp, ServiceKitModule, ServiceLogger } from '@app/service-kit';
import { createOrders } from '../../apps/order-service/src/migrations/001_create_orders.sql';
import { createPayments } from '../../apps/payment-service/src/migrations/001_create_payments.sql';
import { createNotifications } from '../../apps/notification-service/src/migrations/001_create_notifications.sql';
import type { SyncChainConfig, SyncRole } from './config/sync-chain.config';
import { SyncNotificationModule } from './notification/sync-notification.module';
import { SyncOrderModule } from './order/sync-order.module';
import { SyncPaymentModule } from './payment/sync-payment.module';

/** Each role's tables: the event-driven services' own, without the outbox and inbox it has no use for. */
const MIGRATIONS: Record<SyncRole, readonly Migration[]> = {
  order: [createOrders],
  payment: [createPayments],
  notification: [createNotifications],
};

function roleModule(config: SyncChainConfig): DynamicModule | typeof SyncNotificationModule {
  switch (config.role) {
    case 'order':
      return SyncOrderModule.register(config);
    case 'payment':
      return SyncPaymentModule.register(config);
    case 'notification':
      return SyncNotificationModule;
  }
}

@Module({})
class SyncChainModule {
  static register(config: SyncChainConfig, databaseLogger: DatabaseLogger): DynamicModule {
    return {
      module: SyncChainModule,
      imports: [
        ServiceKitModule.forRoot({ service: config.service }),
        DatabaseModule.forRoot({ ...config.database, logger: databaseLogger, migrations: MIGRATIONS[config.role] }),
        roleModule(config),
      ],
    };
  }
}

/**
 * One process of the synchronous baseline, created but not listening, with the services' HTTP pipeline
 * (`createServiceApp`: correlation id, metrics, validation, error answers) and database lib.
 */
export function createSyncChainApp(config: SyncChainConfig, logger: ServiceLogger): Promise<NestFastifyApplication> {
  const databaseLogger: DatabaseLogger = {
    warn: (message, fields) => logger.warn({ context: 'Database', ...fields }, message),
    error: (message, fields) => logger.error({ context: 'Database', ...fields }, message),
  };
  return createServiceApp(SyncChainModule.register(config, databaseLogger), { logger, bodyLimit: '64kb' });
}
