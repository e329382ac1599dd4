import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { CorrelationId, RequestValidationException } from '@app/service-kit';
import type { PlacedOrderView } from '../order-views';
import { PlaceOrderDto } from './place-order.dto';
import { PlaceOrderService } from './place-order.service';

/** Printable ASCII without spaces, like the UUIDs clients usually send. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The part of Fastify's reply this controller uses. */
interface StatusResponse {
  status(code: number): unknown;
  header(name: string, value: string): unknown;
}

@Controller('orders')
export class PlaceOrderHttpController {
  constructor(private readonly placeOrder: PlaceOrderService) {}

  /**
   * 201 with the new order. With an `Idempotency-Key`, a retry of the same order gets the first answer again
   * (`Idempotent-Replayed: true`), and the same key with a different order gets 422.
   */
  @Post()
  async create(
    @Body() dto: PlaceOrderDto,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: StatusResponse,
  ): Promise<PlacedOrderView> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new RequestValidationException([{ path: 'headers.idempotency-key', messages: ['Idempotency-Key must be 1 to 255 printable ASCII characters without spaces'] }]);
    }
    const answer = await this.placeOrder.placeOrder(dto, correlationId, idempotencyKey);
    response.status(answer.status);
    if (answer.replayed) response.header('idempotent-replayed', 'true');
    return answer.body;
  }
}
