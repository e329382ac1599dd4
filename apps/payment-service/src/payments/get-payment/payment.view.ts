import type { Payment, PaymentStatus } from '../payment.repository';

/** A payment as the API shows it: money as a decimal in currency units, as the order-service shows totals. */
export interface PaymentView {
  paymentId: string;
  orderId: string;
  userId: string;
  status: PaymentStatus;
  amount: number;
  currency: string;
  failureReason: string | null;
  failureMessage: string | null;
  gatewayReference: string;
  createdAt: string;
}

export function toPaymentView(payment: Payment): PaymentView {
  return {
    paymentId: payment.paymentId,
    orderId: payment.orderId,
    userId: payment.userId,
    status: payment.status,
    amount: payment.amountCents / 100,
    currency: payment.currency,
    failureReason: payment.failureReason,
    failureMessage: payment.failureMessage,
    gatewayReference: payment.gatewayReference,
    createdAt: payment.createdAt.toISOString(),
  };
}
