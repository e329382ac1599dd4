import type { Order } from '../order';
import type { PaymentOutcome } from '../order.repository';

export type RejectedPaymentResultCode = 'ORDER.UNKNOWN_ORDER' | 'ORDER.PAYMENT_AMOUNT_MISMATCH' | 'ORDER.CONFLICTING_PAYMENT_RESULT';

/** A payment result the order service will not apply: dead-lettered at once (`dlq-error-type` is the code). */
export class RejectedPaymentResultError extends Error {
  override readonly name = 'RejectedPaymentResultError';
  readonly retriable = false;

  constructor(
    readonly code: RejectedPaymentResultCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Why an outcome that changed nothing is refused, or undefined when it only repeats what the order already says
 * (the same final status from the same payment: a replay under a new event id, harmless).
 */
export function rejectionOf(orderId: string, outcome: PaymentOutcome, current: Order | undefined): RejectedPaymentResultError | undefined {
  const what = `${outcome.status === 'PAID' ? 'PaymentProcessed' : 'PaymentFailed'} (payment ${outcome.paymentId ?? 'none'})`;
  if (current === undefined) return new RejectedPaymentResultError('ORDER.UNKNOWN_ORDER', `${what} for order ${orderId}, which this service never issued`);
  if (current.status === 'PENDING') {
    const amount = outcome.status === 'PAID' ? outcome.amountCents : undefined;
    return new RejectedPaymentResultError(
      'ORDER.PAYMENT_AMOUNT_MISMATCH',
      `${what} of ${amount} cents for order ${orderId}, whose total is ${current.totalCents} cents; the order stays PENDING`,
    );
  }
  if (current.status === outcome.status && current.paymentId === outcome.paymentId) return undefined;
  return new RejectedPaymentResultError('ORDER.CONFLICTING_PAYMENT_RESULT', `${what} conflicts with order ${orderId} already ${current.status} by payment ${current.paymentId ?? 'none'}`);
}
