import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { ServiceMetrics } from '@app/service-kit';

/** The order-service's business metrics, in the app's registry. */
@Injectable()
export class OrderMetrics {
  readonly ordersCreated: Counter;
  readonly paymentResults: Counter<'outcome'>;

  constructor(metrics: ServiceMetrics) {
    const registers = [metrics.registry];
    this.ordersCreated = new Counter({ name: 'orders_created_total', help: 'Orders accepted and stored as PENDING (idempotent replays not counted)', registers });
    this.paymentResults = new Counter({
      name: 'order_payment_results_total',
      help: 'Payment results applied to orders (paid, cancelled) or ignored (unknown order, already final)',
      labelNames: ['outcome'],
      registers,
    });
  }
}
