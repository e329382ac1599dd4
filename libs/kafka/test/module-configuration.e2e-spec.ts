import { Injectable, Module } from '@nestjs/common';
import { InboundMessage, KafkaHandler, KafkaMetrics, KafkaModule, KafkaModuleOptions, KafkaProducer } from '../src';
import { eventually, recordingLogger, startApp, testKafkaOptions, uniqueName, useBroker } from './kafka-test-kit';

describe('configuring the Kafka module', () => {
  const broker = useBroker();

  it("builds from forRootAsync with injected configuration and routes the client's logs to the logger, not the console", async () => {
    const topic = uniqueName('orders');
    const logger = recordingLogger();
    const console = jest.spyOn(global.console, 'log');
    const consoleError = jest.spyOn(global.console, 'error');
    const consoleWarn = jest.spyOn(global.console, 'warn');
    const consoleInfo = jest.spyOn(global.console, 'info');

    @Injectable()
    class KafkaSettings {
      readonly options: KafkaModuleOptions = { ...testKafkaOptions(broker()), logger, clientLogLevel: 'info' };
    }
    @Module({ providers: [KafkaSettings], exports: [KafkaSettings] })
    class SettingsModule {}

    const received: string[] = [];
    @Injectable()
    class Handler {
      @KafkaHandler({ topic, group: uniqueName('payments') })
      handle(message: InboundMessage): void {
        received.push(message.value?.toString() ?? '');
      }
    }

    try {
      const app = await startApp({
        kafka: KafkaModule.forRootAsync({ imports: [SettingsModule], inject: [KafkaSettings], useFactory: (settings: KafkaSettings) => settings.options }),
        providers: [Handler],
      });
      await app.get(KafkaProducer).send(topic, [{ key: 'k', value: 'hello' }]);
      await eventually(() => (received.length === 1 ? true : undefined), 'the message');
      expect(received).toEqual(['hello']);
      expect(logger.lines.some((line) => line.level === 'info' && line.message.startsWith('kafkajs '))).toBe(true);
      // The partitioner is chosen explicitly, so kafkajs has no reason to warn about its default.
      expect(logger.lines.filter((line) => /partitioner/i.test(line.message))).toEqual([]);
      expect(logger.lines.some((line) => line.message === `Kafka consumer joined group ${String(line.fields?.group)}`)).toBe(true);
      const metrics = await app.get(KafkaMetrics).registry.metrics();
      expect(metrics).toContain('kafka_messages_consumed_total');
      expect(metrics).toMatch(new RegExp(`kafka_consumer_lag\\{topic="${topic}",partition="\\d",group="[^"]+"\\} 0`));
      await app.close();
      for (const spy of [console, consoleError, consoleWarn, consoleInfo]) expect(spy).not.toHaveBeenCalled();
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('refuses invalid options when the module is created, with KAFKA.INVALID_OPTIONS', async () => {
    await expect(startApp({ kafka: { ...testKafkaOptions(broker()), brokers: ['no-port'] }, providers: [] })).rejects.toMatchObject({ code: 'KAFKA.INVALID_OPTIONS' });
  });
});
