import { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import { correlationContext } from '@app/kafka';
import { NestPinoLogger } from './nest-pino-logger';
import { createServiceLogger } from './service-logger';

function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('NestPinoLogger', () => {
  it('writes one JSON line with service, level, message and Nest context', () => {
    const { lines, stream } = capture();
    const logger = new NestPinoLogger(createServiceLogger({ service: 'order-service', destination: stream }));
    logger.log('listening on http://127.0.0.1:3002', 'Bootstrap');
    expect(lines).toEqual([expect.objectContaining({ service: 'order-service', level: 'info', msg: 'listening on http://127.0.0.1:3002', context: 'Bootstrap' })]);
    expect(typeof lines[0].time).toBe('string');
  });

  it("keeps Nest's start-up narration (modules initialised, routes mapped) at debug, out of an info terminal", () => {
    const { lines, stream } = capture();
    const info = new NestPinoLogger(createServiceLogger({ service: 'order-service', destination: stream }));
    info.log('Mapped {/orders, POST} route', 'RouterExplorer');
    info.log('KafkaModule dependencies initialized', 'InstanceLoader');
    info.log('Starting Nest application...', 'NestFactory');
    expect(lines).toEqual([]);
    const debug = new NestPinoLogger(createServiceLogger({ service: 'order-service', level: 'debug', destination: stream }));
    debug.log('Mapped {/orders, POST} route', 'RouterExplorer');
    expect(lines).toEqual([expect.objectContaining({ level: 'debug', msg: 'Mapped {/orders, POST} route', context: 'RouterExplorer' })]);
  });

  it('adds the correlation id of the work in progress', () => {
    const { lines, stream } = capture();
    const logger = new NestPinoLogger(createServiceLogger({ service: 's', destination: stream }));
    correlationContext.run('corr-42', () => logger.warn('slow'));
    logger.warn('outside');
    expect(lines[0]).toMatchObject({ msg: 'slow', correlationId: 'corr-42' });
    expect(lines[1]).not.toHaveProperty('correlationId');
  });

  it('turns an object message into fields and keeps the stack of an error', () => {
    const { lines, stream } = capture();
    const logger = new NestPinoLogger(createServiceLogger({ service: 's', destination: stream }));
    logger.log({ msg: 'joined group', group: 'order-service', memberId: 'm-1' }, 'Kafka');
    const error = new Error('boom');
    logger.error('handler failed', error.stack, 'Orders');
    expect(lines[0]).toMatchObject({ msg: 'joined group', group: 'order-service', memberId: 'm-1', context: 'Kafka' });
    expect(lines[1]).toMatchObject({ level: 'error', msg: 'handler failed', context: 'Orders' });
    expect(String(lines[1].stack)).toContain('boom');
  });

  it('is what a Nest Logger writes through once installed, and honours the level', () => {
    const { lines, stream } = capture();
    Logger.overrideLogger(new NestPinoLogger(createServiceLogger({ service: 's', level: 'warn', destination: stream })));
    try {
      new Logger('Orders').log('ignored below warn');
      new Logger('Orders').warn('kept');
    } finally {
      Logger.overrideLogger(false);
    }
    expect(lines.map((l) => [l.msg, l.context])).toEqual([['kept', 'Orders']]);
  });

  it('rejects an unknown level at construction', () => {
    expect(() => createServiceLogger({ service: 's', level: 'loud' as never })).toThrow(/level must be one of/);
  });
});
