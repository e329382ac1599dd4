import { Injectable } from '@nestjs/common';
import { startBroker } from '@app/kafka-broker';
import { KafkaError, KafkaHandler } from '../src';
import { recordingLogger, startApp, testKafkaOptions, uniqueName, useBroker } from './kafka-test-kit';

describe('a start-up connection failure is reported', () => {
  const broker = useBroker();

  it('retries with one log line per attempt naming the brokers and the cause, then fails clearly', async () => {
    // A port that was just free: nothing listens there any more.
    const gone = await startBroker({ port: 0 });
    const address = gone.bootstrapServers;
    await gone.close();
    const logger = recordingLogger();

    let failure: unknown;
    try {
      await startApp({ kafka: { ...testKafkaOptions(broker()), brokers: [address], logger, startupRetry: { attempts: 3, initialDelayMs: 20, maxDelayMs: 40 } }, providers: [] });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(KafkaError);
    expect(failure).toMatchObject({ code: 'KAFKA.STARTUP_FAILED', retriable: false });
    expect((failure as Error).message).toContain(`could not connect to ${address} after 3 attempts`);
    const attempts = logger.lines.filter((line) => line.level === 'warn');
    expect(attempts.map((line) => line.message.replace(/:.*$/s, ''))).toEqual([
      `Kafka producer could not connect to ${address.split(':')[0]}`,
      `Kafka producer could not connect to ${address.split(':')[0]}`,
      `Kafka producer could not connect to ${address.split(':')[0]}`,
    ]);
    expect(attempts.map((line) => line.fields?.attempt)).toEqual([1, 2, 3]);
    expect(attempts[0].message).toContain('(attempt 1/3)');
    expect(attempts[0].message).toContain('retrying in 20 ms');
    expect(attempts[0].fields?.brokers).toBe(address);
    expect(String(attempts[0].fields?.cause)).toMatch(/ECONNREFUSED|connect/i);
  });

  it('refuses a handler whose group cannot be part of retry topic names', async () => {
    @Injectable()
    class BadGroup {
      @KafkaHandler({ topic: uniqueName('orders'), group: 'payments service' })
      async handle(): Promise<void> {}
    }
    await expect(startApp({ kafka: testKafkaOptions(broker()), providers: [BadGroup] })).rejects.toMatchObject({ code: 'KAFKA.INVALID_HANDLER' });
  });

  it('refuses an inbox handler when no database is provided', async () => {
    @Injectable()
    class NoDatabase {
      @KafkaHandler({ topic: uniqueName('orders'), group: uniqueName('payments'), inbox: true })
      async handle(): Promise<void> {}
    }
    await expect(startApp({ kafka: testKafkaOptions(broker()), providers: [NoDatabase] })).rejects.toMatchObject({ code: 'KAFKA.NO_DATABASE' });
  });
});
