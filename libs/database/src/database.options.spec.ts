import { silentDatabaseLogger } from './database';
import { assertIdentifier, resolveDatabaseOptions } from './database.options';

describe('resolveDatabaseOptions', () => {
  it('fills in defaults and returns a frozen copy, leaving the caller options alone', () => {
    const options = { schema: 'order_service', url: 'postgres://postgres@127.0.0.1:5432/test', logger: silentDatabaseLogger };
    const resolved = resolveDatabaseOptions(options);
    expect(resolved).toMatchObject({ schema: 'order_service', poolSize: 10, connectTimeoutMs: 10_000 });
    expect(Object.isFrozen(resolved)).toBe(true);
    expect(options).toEqual({ schema: 'order_service', url: 'postgres://postgres@127.0.0.1:5432/test', logger: silentDatabaseLogger });
  });

  it.each([
    [{ schema: 'orders', url: 'mysql://x' }, 'url must be'],
    [{ schema: 'orders', url: 'postgres://x', dataDir: './data' }, 'either url'],
    [{ schema: 'orders', dataDir: ' ' }, 'dataDir'],
    [{ schema: 'orders', poolSize: 0 }, 'poolSize'],
    [{ schema: 'orders', connectTimeoutMs: 1.5 }, 'connectTimeoutMs'],
  ])('rejects %j', (options, message) => {
    expect(() => resolveDatabaseOptions(options)).toThrow(expect.objectContaining({ code: 'DATABASE.INVALID_OPTIONS', message: expect.stringContaining(message) }));
  });
});

describe('assertIdentifier', () => {
  it.each(['orders', 'order_service', '_x1', 'a'.repeat(63)])('accepts %s', (name) => {
    expect(() => assertIdentifier(name, 'schema')).not.toThrow();
  });

  it.each(['', 'Orders', '1orders', 'order-service', 'a"b', 'a'.repeat(64), 'pg_temp', 'x; DROP TABLE y'])('rejects %j', (name) => {
    expect(() => assertIdentifier(name, 'schema')).toThrow(expect.objectContaining({ code: 'DATABASE.INVALID_OPTIONS' }));
  });
});
