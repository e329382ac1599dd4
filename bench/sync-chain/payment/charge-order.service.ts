import { randomUUID } from 'node:crypto';
import { ConflictException, HttpException, Inject, Injectable } from '@nestjs/common';
import { Database, InjectDatabase } from '@app/database';
import { GatewayError, PAYMENT_GATEWAY, PaymentGateway } from '../../../apps/payment-service/src/payments/gateway/payment-gateway';
import { insertPayment, NewPayment } from '../../../apps/payment-service/src/payments/payment.repository';
import type { JsonHttpClient } from '../http/json-http-client';
import { callNextHop, InjectNextHop } from '../http/next-hop';
import type { ChargeAnswer, ChargeOrderDto } from './charge-order.dto';

/**
 * Charges the order through the same simulated gateway as payment-service (same latency), stores the payment in
 * the same table, then calls the notification process and waits for it before answering. No transaction spans
 * the calls: one insert is atomic on its own, and nothing is published.
 */
@Injectable()
export class ChargeOrderService {
  constructor(
    @InjectDatabase() private readonly db: Database,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
    @InjectNextHop() private readonly notifications: JsonHttpClient,
  ) {}

  async charge(dto: ChargeOrderDto, correlationId: string): Promise<ChargeAnswer> {
    const { orderId, userId, amountCents, currency } = dto;
    const charge = await this.gateway.charge({ idempotencyKey: orderId, userId, amountCents, currency, attempt: 1 }).catch((error: unknown) => {
      // A caller waiting on a chain gets the gateway's failure as its own: 503 to retry later, 502 when it never will.
      if (error instanceof GatewayError) throw new HttpException({ message: error.message, code: error.code }, error.retriable ? 503 : 502);
      throw error;
    });
    const declined = charge.status === 'declined';
    const payment: NewPayment = {
      paymentId: `pay_${randomUUID()}`,
      orderId,
      userId,
      amountCents,
      currency,
      status: declined ? 'FAILED' : 'SUCCEEDED',
      failureReason: declined ? charge.reason : null,
      failureMessage: declined ? charge.message : null,
      gatewayReference: charge.reference,
      orderEventId: `sync:${correlationId}`,
    };
    if (!(await insertPayment(this.db, payment))) {
      throw new ConflictException({ message: `order ${orderId} already has a payment`, code: 'PAYMENT.ALREADY_PAID' });
    }
    const notification = { orderId, userId, paymentId: payment.paymentId, status: payment.status, amountCents, currency, ...(declined && { reason: charge.reason }) };
    await callNextHop(this.notifications, '/notifications', notification, correlationId);
    return { paymentId: payment.paymentId, status: payment.status, reason: payment.failureReason };
  }
}
