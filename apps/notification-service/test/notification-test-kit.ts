import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import type { RunningBroker } from '@app/kafka-broker';
import { createServiceLogger } from '@app/service-kit';
import { afterTest, eventually, testDatabaseUrl, testKafkaOverrides, testSchema, uniqueId } from '../../../test/support/service-test-kit';
import { loadNotificationServiceConfig, NotificationServiceConfig } from '../src/config/notification-service.config';
import { createNotificationServiceApp } from '../src/notification-service.app';

export * from '../../../test/support/service-test-kit';
export * from '../../../test/support/event-fixtures';

export interface NotificationServiceUnderTest {
  app: NestFastifyApplication;
  http: () => ReturnType<typeof request>;
}

export interface NotificationView {
  notificationId: string;
  eventId: string;
  userId: string;
  orderId: string;
  kind: string;
  message: string;
  createdAt: string;
}

/** Starts the notification service in process on a database of its own; closed after the test. */
export async function startNotificationService(broker: RunningBroker, env: Record<string, string> = {}): Promise<NotificationServiceUnderTest> {
  const base = loadNotificationServiceConfig({
    KAFKA_BROKERS: broker.bootstrapServers,
    KAFKA_CLIENT_ID: uniqueId('notification-service'),
    KAFKA_RETRY_INITIAL_DELAY_MS: '200',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const config: NotificationServiceConfig = { ...base, database: { schema: testSchema('notification_test'), url: testDatabaseUrl } };
  const app = await createNotificationServiceApp(config, {
    logger: createServiceLogger({ service: 'notification-service', level: 'silent' }),
    kafka: testKafkaOverrides(),
  });
  afterTest(() => app.close());
  await app.init();
  return { app, http: () => request(app.getHttpServer()) };
}

/** `GET /notifications?<query>` once it lists `count` notifications (newest first). */
export async function notificationsOf(service: NotificationServiceUnderTest, query: Record<string, string>, count: number): Promise<NotificationView[]> {
  return eventually(
    async () => {
      const response = await service.http().get('/notifications').query(query);
      const found = (response.body as { notifications?: NotificationView[] }).notifications ?? [];
      return response.status === 200 && found.length >= count ? found : undefined;
    },
    `${count} notifications for ${JSON.stringify(query)}`,
  );
}
