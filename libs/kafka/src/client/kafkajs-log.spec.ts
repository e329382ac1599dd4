import { logLevel } from 'kafkajs';
import type { KafkaLogger } from '../kafka-logger';
import { kafkajsLogCreator } from './kafkajs-log';

function recording(): { logger: KafkaLogger; lines: [string, string][] } {
  const lines: [string, string][] = [];
  const at = (level: string) => (message: string) => void lines.push([level, message]);
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

describe('kafkajsLogCreator', () => {
  it("keeps kafkajs's levels, naming the namespace", () => {
    const { logger, lines } = recording();
    const log = kafkajsLogCreator(logger)(logLevel.DEBUG);
    log({ namespace: 'Connection', level: logLevel.ERROR, label: 'ERROR', log: { message: 'Connection error', timestamp: 'now' } });
    log({ namespace: 'Consumer', level: logLevel.WARN, label: 'WARN', log: { message: 'consumer lagging', timestamp: 'now' } });
    expect(lines).toEqual([
      ['error', 'kafkajs [Connection] Connection error'],
      ['warn', 'kafkajs [Consumer] consumer lagging'],
    ]);
  });

  it('logs the idempotent-retries warning at debug: the finite retries are deliberate (the outbox retries the send)', () => {
    const { logger, lines } = recording();
    const log = kafkajsLogCreator(logger)(logLevel.DEBUG);
    log({ namespace: 'Producer', level: logLevel.WARN, label: 'WARN', log: { message: 'Limiting retries for the idempotent producer may invalidate EoS guarantees', timestamp: 'now' } });
    expect(lines).toEqual([['debug', 'kafkajs [Producer] Limiting retries for the idempotent producer may invalidate EoS guarantees']]);
  });
});
