import { Controller, Get, Query } from '@nestjs/common';
import { Database, InjectDatabase } from '@app/database';
import { RequestValidationException } from '@app/service-kit';
import { listNotifications, Notification } from '../notification.repository';
import { DEFAULT_PAGE_SIZE, ListNotificationsQuery } from './list-notifications.query';

export interface NotificationView extends Omit<Notification, 'createdAt'> {
  createdAt: string;
}

/** `GET /notifications?userId=...` or `?orderId=...` (or both): newest first. */
@Controller('notifications')
export class ListNotificationsHttpController {
  constructor(@InjectDatabase() private readonly db: Database) {}

  @Get()
  async list(@Query() query: ListNotificationsQuery): Promise<{ notifications: NotificationView[] }> {
    if (query.userId === undefined && query.orderId === undefined) {
      const messages = ['give userId or orderId'];
      throw new RequestValidationException([
        { path: 'userId', messages },
        { path: 'orderId', messages },
      ]);
    }
    const found = await listNotifications(this.db, { userId: query.userId, orderId: query.orderId }, query.limit ?? DEFAULT_PAGE_SIZE);
    return { notifications: found.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })) };
  }
}
