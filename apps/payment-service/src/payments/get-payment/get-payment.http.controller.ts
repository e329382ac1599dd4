import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { Database, InjectDatabase } from '@app/database';
import { findPaymentByOrder } from '../payment.repository';
import { PaymentView, toPaymentView } from './payment.view';

/** `GET /payments/:orderId`: the order's payment, succeeded or failed; 404 while there is none. */
@Controller('payments')
export class GetPaymentHttpController {
  constructor(@InjectDatabase() private readonly db: Database) {}

  @Get(':orderId')
  async get(@Param('orderId') orderId: string): Promise<PaymentView> {
    const payment = await findPaymentByOrder(this.db, orderId);
    if (payment === undefined) throw new NotFoundException({ code: 'PAYMENT.NOT_FOUND', message: `order ${orderId} has no payment (yet)` });
    return toPaymentView(payment);
  }
}
