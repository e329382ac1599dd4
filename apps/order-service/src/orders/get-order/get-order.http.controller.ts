import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { Database, InjectDatabase } from '@app/database';
import { RequestValidationException } from '@app/service-kit';
import { UUID } from '../order';
import { findOrder } from '../order.repository';
import { OrderView, toOrderView } from '../order-views';

@Controller('orders')
export class GetOrderHttpController {
  constructor(@InjectDatabase() private readonly db: Database) {}

  /** The order with its items, status and payment outcome; 400 for an id that is not a UUID, 404 for none. */
  @Get(':id')
  async get(@Param('id') id: string): Promise<OrderView> {
    if (!UUID.test(id)) throw new RequestValidationException([{ path: 'id', messages: ['id must be a UUID'] }]);
    const found = await findOrder(this.db, id.toLowerCase());
    if (found === undefined) throw new NotFoundException({ message: `Order ${id} not found`, code: 'ORDER.NOT_FOUND' });
    return toOrderView(found.order, found.lines);
  }
}
