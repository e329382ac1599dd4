import { inboxMigrations, Migration } from '@app/database';
import { createAnalyticsTotals } from './001_create_analytics_totals.sql';

/** Everything the analytics-service schema needs, the database lib's inbox included. */
export const analyticsServiceMigrations: readonly Migration[] = Object.freeze([...inboxMigrations, createAnalyticsTotals]);
