import { inboxMigrations, Migration, outboxMigrations } from '@app/database';
import { createPayments } from './001_create_payments.sql';

/** Everything the payment-service schema needs, the database lib's outbox and inbox included. */
export const paymentServiceMigrations: readonly Migration[] = Object.freeze([...outboxMigrations, ...inboxMigrations, createPayments]);
