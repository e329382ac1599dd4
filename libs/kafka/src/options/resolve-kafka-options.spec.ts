import { KafkaError } from '../kafka.errors';
import { silentKafkaLogger } from '../kafka-logger';
import { KafkaModuleOptions } from './kafka-module.options';
import { resolveKafkaOptions } from './resolve-kafka-options';

describe('resolveKafkaOptions', () => {
  const minimal: KafkaModuleOptions = { brokers: ['127.0.0.1:9092'], clientId: 'svc', logger: silentKafkaLogger };

  it('fills the defaults', () => {
    const resolved = resolveKafkaOptions(minimal);
    expect(resolved.retry).toEqual({ retries: 3, initialDelayMs: 1000, multiplier: 2, maxDelayMs: 60_000, jitter: 0.2 });
    expect(resolved.startupRetry).toEqual({ attempts: 5, initialDelayMs: 500, maxDelayMs: 10_000 });
    expect(resolved.consumer.fromBeginning).toBe(true);
    expect(resolved.consumer).toMatchObject({ maxWaitTimeMs: 500, minBytes: 1 });
    expect(resolved.topics.create).toBe(true);
    expect(resolved.clientLogLevel).toBe('warn');
    expect(resolved.compression).toBe('none');
  });

  it('takes a producer codec by name and refuses an unknown one', () => {
    expect(resolveKafkaOptions({ ...minimal, compression: 'zstd' }).compression).toBe('zstd');
    const bad = { ...minimal, compression: 'brotli' } as unknown as KafkaModuleOptions;
    expect(() => resolveKafkaOptions(bad)).toThrow(/compression must be one of none, gzip, snappy, lz4, zstd, got "brotli"/);
  });

  it("never changes the caller's object and freezes its own copy", () => {
    const options: KafkaModuleOptions = { ...minimal, brokers: ['a:1'], retry: { retries: 1 } };
    const snapshot = JSON.stringify(options);
    const resolved = resolveKafkaOptions(options);
    expect(JSON.stringify(options)).toBe(snapshot);
    expect(Object.isFrozen(resolved)).toBe(true);
    expect(resolved.brokers).not.toBe(options.brokers);
    expect(resolved.retry.retries).toBe(1);
  });

  it.each<[string, Partial<KafkaModuleOptions>, RegExp]>([
    ['no brokers', { brokers: [] }, /brokers/],
    ['a broker without port', { brokers: ['localhost'] }, /host:port/],
    ['an empty clientId', { clientId: ' ' }, /clientId/],
    ['negative retries', { retry: { retries: -1 } }, /retry.retries/],
    ['jitter above 1', { retry: { jitter: 2 } }, /retry.jitter/],
    ['a max delay below the initial one', { retry: { initialDelayMs: 500, maxDelayMs: 100 } }, /maxDelayMs/],
    ['zero start-up attempts', { startupRetry: { attempts: 0 } }, /startupRetry.attempts/],
    ['a heartbeat as long as the session', { consumer: { sessionTimeoutMs: 3000, heartbeatIntervalMs: 3000 } }, /heartbeatIntervalMs/],
    ['a fetch waiting for no bytes', { consumer: { minBytes: 0 } }, /consumer.minBytes/],
    ['a fetch waiting for more than 10 MiB', { consumer: { minBytes: 10 * 1024 * 1024 + 1 } }, /consumer.minBytes/],
    ['an unknown client log level', { clientLogLevel: 'loud' as never }, /clientLogLevel/],
  ])('refuses %s with KAFKA.INVALID_OPTIONS', (_, override, message) => {
    let caught: unknown;
    try {
      resolveKafkaOptions({ ...minimal, ...override });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(KafkaError);
    expect((caught as KafkaError).code).toBe('KAFKA.INVALID_OPTIONS');
    expect((caught as KafkaError).message).toMatch(message);
  });
});
