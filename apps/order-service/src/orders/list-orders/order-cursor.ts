import { UUID } from '../order';

/** Where a page ended: the last order's creation time and id, as an opaque base64url token. */
export interface OrderCursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(cursor: OrderCursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`, 'utf8').toString('base64url');
}

/** The cursor in `token`, or undefined when it is not one this service made. */
export function decodeCursor(token: string): OrderCursor | undefined {
  const [time, id, ...rest] = Buffer.from(token, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(time);
  if (rest.length > 0 || id === undefined || !UUID.test(id) || Number.isNaN(createdAt.getTime())) return undefined;
  return { createdAt, id };
}
