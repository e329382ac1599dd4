import type { PaymentFailureReason } from '@app/contracts';

/** `8899` cents as `88.99`; integer arithmetic, so large amounts print exactly. */
export function formatAmount(cents: number): string {
  const whole = Math.floor(cents / 100);
  return `${whole}.${String(cents - whole * 100).padStart(2, '0')}`;
}

export function orderReceivedMessage(totalCents: number, currency: string): string {
  return `order received (total ${formatAmount(totalCents)} ${currency})`;
}

export function paymentSucceededMessage(amountCents: number, currency: string): string {
  return `payment succeeded (${formatAmount(amountCents)} ${currency} charged)`;
}

/** `INSUFFICIENT_FUNDS` reads as `payment failed: insufficient funds`. */
export function paymentFailedMessage(reason: PaymentFailureReason): string {
  return `payment failed: ${reason.toLowerCase().replace(/_/g, ' ')}`;
}
