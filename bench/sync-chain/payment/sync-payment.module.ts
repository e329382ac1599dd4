import { DynamicModule, Module } from '@nestjs/common';
import { PAYMENT_GATEWAY } from '../../../apps/payment-service/src/payments/gateway/payment-gateway';
import { SimulatedPaymentGateway } from '../../../apps/payment-service/src/payments/gateway/simulated-payment-gateway';
import type { SyncChainConfig } from '../config/sync-chain.config';
import { nextHopProvider } from '../http/next-hop';
import { ChargeOrderHttpController } from './charge-order.http.controller';
import { ChargeOrderService } from './charge-order.service';

/** The synchronous baseline's payment process: `POST /payments`, which calls the notification process. */
@Module({})
export class SyncPaymentModule {
  static register(config: SyncChainConfig): DynamicModule {
    return {
      module: SyncPaymentModule,
      controllers: [ChargeOrderHttpController],
      providers: [
        { provide: PAYMENT_GATEWAY, useFactory: () => new SimulatedPaymentGateway(config.gateway) },
        nextHopProvider(config.nextHopUrl, config.downstreamTimeoutMs),
        ChargeOrderService,
      ],
    };
  }
}
