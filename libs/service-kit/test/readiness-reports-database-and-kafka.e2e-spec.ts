import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { Client } from 'pg';
import { DatabaseModule, silentDatabaseLogger } from '@app/database';
import { KafkaModule, silentKafkaLogger } from '@app/kafka';
import { RunningBroker, startBroker } from '@app/kafka-broker';
import { startProbeApp } from './service-kit-test-app';

const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

describe('readiness reports the database and Kafka', () => {
  let broker: RunningBroker;
  let app: NestFastifyApplication | undefined;
  const schema = `kit_${randomBytes(5).toString('hex')}`;

  beforeEach(async () => {
    broker = await startBroker({ port: 0 });
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await broker.close();
    if (testDatabaseUrl) {
      const client = new Client({ connectionString: testDatabaseUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  });

  async function start(): Promise<NestFastifyApplication> {
    ({ app } = await startProbeApp([
      DatabaseModule.forRoot({ schema, url: testDatabaseUrl, logger: silentDatabaseLogger }),
      KafkaModule.forRoot({ brokers: broker.bootstrapServers.split(','), clientId: 'probe-service', logger: silentKafkaLogger, clientLogLevel: 'nothing', requestRetries: 1 }),
    ]));
    return app;
  }

  it('is ready while both answer, and says which part is down when Kafka goes away', async () => {
    const server = (await start()).getHttpServer();
    const ready = await request(server).get('/health');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, kafka: { status: 'up', brokers: 1 } } });

    await broker.close();
    const down = await request(server).get('/health');
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'error', info: { database: { status: 'up' } }, error: { kafka: { status: 'down' } } });
    expect((await request(server).get('/health/live')).status).toBe(200);
  });
});
