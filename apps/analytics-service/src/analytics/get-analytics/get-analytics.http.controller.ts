import { Controller, Get } from '@nestjs/common';
import { Database, InjectDatabase } from '@app/database';
import { readTotals } from '../analytics.repository';

/** What `GET /analytics` answers. Revenue is the sum of successful payments, in currency units (USD). */
export interface AnalyticsView {
  orders: number;
  revenue: number;
  revenueCents: number;
  currency: 'USD';
  paymentsSucceeded: number;
  paymentsFailed: number;
  deadLetters: number;
  deadLettersByTopic: Record<string, number>;
}

@Controller('analytics')
export class GetAnalyticsHttpController {
  constructor(@InjectDatabase() private readonly db: Database) {}

  @Get()
  async get(): Promise<AnalyticsView> {
    const { totals, deadLettersByTopic } = await readTotals(this.db);
    return {
      orders: totals.orders,
      revenue: totals.revenue_cents / 100,
      revenueCents: totals.revenue_cents,
      currency: 'USD',
      paymentsSucceeded: totals.payments_succeeded,
      paymentsFailed: totals.payments_failed,
      deadLetters: totals.dead_letters,
      deadLettersByTopic,
    };
  }
}
