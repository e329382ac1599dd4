import { KafkaError } from '../kafka.errors';
import { KafkaLogger, silentKafkaLogger } from '../kafka-logger';
import { connectWithRetry } from './connect-with-retry';

describe('connectWithRetry', () => {
  const retry = { attempts: 4, initialDelayMs: 100, maxDelayMs: 250 };

  function recordingLogger(): { logger: KafkaLogger; lines: string[] } {
    const lines: string[] = [];
    return { lines, logger: { ...silentKafkaLogger, warn: (message) => void lines.push(message) } };
  }

  it('retries with doubling, capped delays and succeeds when the broker comes up', async () => {
    const slept: number[] = [];
    let calls = 0;
    const { logger, lines } = recordingLogger();
    await connectWithRetry(
      'producer',
      async () => {
        if (++calls < 4) throw new Error('connect ECONNREFUSED 127.0.0.1:9092');
      },
      { brokers: ['127.0.0.1:9092'], retry, logger, sleep: async (ms) => void slept.push(ms) },
    );
    expect(calls).toBe(4);
    expect(slept).toEqual([100, 200, 250]);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('Kafka producer could not connect to 127.0.0.1:9092 (attempt 1/4): connect ECONNREFUSED 127.0.0.1:9092; retrying in 100 ms');
  });

  it('gives up with KAFKA.STARTUP_FAILED naming the brokers and the cause', async () => {
    const { logger, lines } = recordingLogger();
    const attempt = connectWithRetry(
      'consumer group payments',
      async () => {
        throw new Error('getaddrinfo ENOTFOUND kafka');
      },
      { brokers: ['kafka:9092', 'kafka2:9092'], retry, logger, sleep: async () => undefined },
    );
    await expect(attempt).rejects.toThrow(KafkaError);
    await expect(attempt).rejects.toMatchObject({
      code: 'KAFKA.STARTUP_FAILED',
      message: 'Kafka consumer group payments could not connect to kafka:9092,kafka2:9092 after 4 attempts: getaddrinfo ENOTFOUND kafka',
    });
    expect(lines).toHaveLength(4);
    expect(lines[3]).not.toMatch(/retrying/);
  });

  it('with retryIf, retries only what it accepts and names the action', async () => {
    const { logger, lines } = recordingLogger();
    let calls = 0;
    const transient = Object.assign(new Error('This server does not host this topic-partition'), { retriable: true });
    await connectWithRetry(
      'admin',
      async () => {
        if (++calls < 2) throw transient;
      },
      { brokers: ['127.0.0.1:9092'], retry, logger, sleep: async () => undefined, action: 'create topics on', retryIf: (e) => e === transient },
    );
    expect(lines).toEqual(['Kafka admin could not create topics on 127.0.0.1:9092 (attempt 1/4): This server does not host this topic-partition; retrying in 100 ms']);

    const refused = new Error('Topic authorization failed');
    await expect(
      connectWithRetry(
        'admin',
        async () => {
          throw refused;
        },
        { brokers: ['127.0.0.1:9092'], retry, logger, sleep: async () => undefined, retryIf: (e) => e === transient },
      ),
    ).rejects.toBe(refused);
  });
});
