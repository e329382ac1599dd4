import { Counter, Registry } from 'prom-client';

/** Payment counters, registered in the app's registry (exposed on /metrics). */
export class PaymentMetrics {
  readonly payments: Counter<'outcome'>;

  constructor(registry: Registry) {
    this.payments = new Counter({
      name: 'payments_total',
      help: 'OrderCreated events handled, by outcome (paid, declined, duplicate)',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }
}
