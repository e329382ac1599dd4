import type { PaymentFailureReason } from '@app/contracts';

/** Injection token of the {@link PaymentGateway} the payment service charges through. */
export const PAYMENT_GATEWAY = Symbol('PAYMENT_GATEWAY');

export interface ChargeRequest {
  /** The gateway answers the same key with the same outcome, so a charge retried after a crash is not taken twice. */
  readonly idempotencyKey: string;
  readonly userId: string;
  readonly amountCents: number;
  readonly currency: string;
  /** Delivery attempt of the event that asks for the charge (1 for the first). */
  readonly attempt: number;
}

export type ChargeResult =
  { readonly status: 'approved'; readonly reference: string } | { readonly status: 'declined'; readonly reference: string; readonly reason: PaymentFailureReason; readonly message: string };

/** A card processor. Outcomes are answers; failures to get an answer are thrown as {@link GatewayError}. */
export interface PaymentGateway {
  charge(request: ChargeRequest): Promise<ChargeResult>;
}

export type GatewayErrorCode = 'GATEWAY.UNAVAILABLE' | 'GATEWAY.MALFUNCTION';

/**
 * The gateway gave no answer. `GATEWAY.UNAVAILABLE` (timeouts, 503s) is retriable: the kafka lib retries it with
 * backoff. `GATEWAY.MALFUNCTION` (a response we cannot make sense of) is not: the same call fails the same way
 * until someone fixes it, so the event goes to the dead-letter topic to be redriven later.
 */
export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  readonly retriable: boolean;

  constructor(
    readonly code: GatewayErrorCode,
    message: string,
  ) {
    super(message);
    this.retriable = code === 'GATEWAY.UNAVAILABLE';
  }
}
