import { advisoryLockKey } from './advisory-lock-key';

describe('advisoryLockKey', () => {
  it('is a signed 64-bit integer, the same for the same name and different for different names', () => {
    const key = BigInt(advisoryLockKey('orders:outbox-relay'));
    expect(key >= -(2n ** 63n) && key < 2n ** 63n).toBe(true);
    expect(advisoryLockKey('orders:outbox-relay')).toBe(advisoryLockKey('orders:outbox-relay'));
    expect(advisoryLockKey('orders:outbox-relay')).not.toBe(advisoryLockKey('payments:outbox-relay'));
  });

  it('does not change between releases (instances of different versions must agree)', () => {
    expect(advisoryLockKey('migrations:orders')).toBe('-424456924849812026');
  });
});
