import { Controller, Get, Query } from '@nestjs/common';
import { Database, InjectDatabase } from '@app/database';
import { RequestValidationException } from '@app/service-kit';
import { listOrders } from '../order.repository';
import { OrderSummaryView, toSummaryView } from '../order-views';
import { DEFAULT_PAGE_SIZE, ListOrdersQuery } from './list-orders.query';
import { decodeCursor, encodeCursor } from './order-cursor';

export interface OrderPage {
  orders: OrderSummaryView[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

@Controller('orders')
export class ListOrdersHttpController {
  constructor(@InjectDatabase() private readonly db: Database) {}

  /** A user's orders, newest first, at most `limit` (default 20, at most 100) per page. */
  @Get()
  async list(@Query() query: ListOrdersQuery): Promise<OrderPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const before = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (query.cursor !== undefined && before === undefined) {
      throw new RequestValidationException([{ path: 'cursor', messages: ['cursor must be a nextCursor from an earlier page'] }]);
    }
    // One more than asked tells whether another page follows.
    const orders = await listOrders(this.db, query.userId, limit + 1, before);
    const page = orders.slice(0, limit);
    const last = page[page.length - 1];
    return {
      orders: page.map(toSummaryView),
      nextCursor: orders.length > limit && last !== undefined ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
    };
  }
}
