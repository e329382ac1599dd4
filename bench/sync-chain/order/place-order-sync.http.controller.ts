import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CorrelationId } from '@app/service-kit';
import { PlaceOrderDto } from '../../../apps/order-service/src/orders/place-order/place-order.dto';
import { PlaceOrderSyncService, SyncPlacedOrderView } from './place-order-sync.service';

@Controller('orders')
export class PlaceOrderSyncHttpController {
  constructor(private readonly orders: PlaceOrderSyncService) {}

  /** The same body and validation as order-service; 201 with PAID or CANCELLED once the whole chain answered. */
  @Post()
  @HttpCode(201)
  create(@Body() dto: PlaceOrderDto, @CorrelationId() correlationId: string): Promise<SyncPlacedOrderView> {
    return this.orders.placeOrder(dto, correlationId);
  }
}
