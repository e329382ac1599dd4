import { DynamicModule, Module } from '@nestjs/common';
import type { OutboxRelayOptions } from '@app/database';
import { GetOrderHttpController } from './get-order/get-order.http.controller';
import { ListOrdersHttpController } from './list-orders/list-orders.http.controller';
import { PaymentResultHandler } from './on-payment-result/payment-result.handler';
import { OrderMetrics } from './order-metrics';
import { PlaceOrderHttpController } from './place-order/place-order.http.controller';
import { PlaceOrderService } from './place-order/place-order.service';
import { OUTBOX_RELAY_OPTIONS, ServiceOutboxRelay } from '@app/service-kit';

@Module({})
export class OrdersModule {
  static register(outboxRelay: OutboxRelayOptions): DynamicModule {
    return {
      module: OrdersModule,
      controllers: [PlaceOrderHttpController, GetOrderHttpController, ListOrdersHttpController],
      providers: [{ provide: OUTBOX_RELAY_OPTIONS, useValue: outboxRelay }, PlaceOrderService, PaymentResultHandler, OrderMetrics, ServiceOutboxRelay],
    };
  }
}
