import { inboxMigrations, Migration } from '@app/database';
import { createNotifications } from './001_create_notifications.sql';

/** Everything the notification-service schema needs, the database lib's inbox included. */
export const notificationServiceMigrations: readonly Migration[] = Object.freeze([...inboxMigrations, createNotifications]);
