import { inboxMigrations, Migration, outboxMigrations } from '@app/database';
import { createOrders } from './001_create_orders.sql';
import { createIdempotencyKeys } from './002_create_idempotency_keys.sql';

/** Everything the order-service schema needs, the database lib's outbox and inbox included. */
export const orderServiceMigrations: readonly Migration[] = Object.freeze([...outboxMigrations, ...inboxMigrations, createOrders, createIdempotencyKeys]);
