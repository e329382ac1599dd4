import { DynamicModule, Module } from '@nestjs/common';
import type { SyncChainConfig } from '../config/sync-chain.config';
import { nextHopProvider } from '../http/next-hop';
import { PlaceOrderSyncHttpController } from './place-order-sync.http.controller';
import { PlaceOrderSyncService } from './place-order-sync.service';

/** The synchronous baseline's order process: `POST /orders`, which calls the payment process. */
@Module({})
export class SyncOrderModule {
  static register(config: SyncChainConfig): DynamicModule {
    return {
      module: SyncOrderModule,
      controllers: [PlaceOrderSyncHttpController],
      providers: [nextHopProvider(config.nextHopUrl, config.downstreamTimeoutMs), PlaceOrderSyncService],
    };
  }
}
