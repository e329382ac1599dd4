/** Where an order is in the choreographed saga: PENDING until the payment service answers. */
export type OrderStatus = 'PENDING' | 'PAID' | 'CANCELLED';

export const ORDER_CURRENCY = 'USD';

export interface OrderLine {
  productId: string;
  quantity: number;
  unitPriceCents: number;
}

/** An order as stored. */
export interface Order {
  id: string;
  userId: string;
  status: OrderStatus;
  totalCents: number;
  currency: string;
  paymentId: string | null;
  cancellationReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Sum of quantity times unit price; with the DTO's bounds it stays far below 2^53. */
export function totalCentsOf(lines: readonly OrderLine[]): number {
  return lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
}
