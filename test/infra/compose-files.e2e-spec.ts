import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConsoleConfig } from '../../apps/console/src/config/console.config';
import { loadAnalyticsServiceConfig } from '../../apps/analytics-service/src/config/analytics-service.config';
import { loadNotificationServiceConfig } from '../../apps/notification-service/src/config/notification-service.config';
import { loadOrderServiceConfig } from '../../apps/order-service/src/config/order-service.config';
import { loadPaymentServiceConfig } from '../../apps/payment-service/src/config/payment-service.config';
import { describeWith } from '../../libs/kafka-broker/test/external-clients';
import {
  commandOf,
  ComposeConfig,
  composeConfig,
  ComposeService,
  dependencyCondition,
  dockerCompose,
  environmentOf,
  healthcheckCommand,
  kafkaProperty,
  listenersOf,
  namedVolumeMounts,
  publishedPorts,
  ROOT,
} from './compose-config';

const KAFKA_FILE = 'docker-compose.kafka.yml';
const APPS_FILE = 'docker-compose.yml';

/** What each service's config makes of the environment compose gives it (throws on an invalid one). */
const loaders: Record<string, (env: Record<string, string>) => { host: string; port: number; kafka: { brokers: readonly string[] }; database: { url?: string } }> = {
  'order-service': loadOrderServiceConfig,
  'payment-service': loadPaymentServiceConfig,
  'notification-service': loadNotificationServiceConfig,
  'analytics-service': loadAnalyticsServiceConfig,
};

function hostPorts(service: ComposeService): number[] {
  return publishedPorts(service).map((port) => port.host);
}

function expectRealHealthcheck(name: string, service: ComposeService): void {
  const check = service.healthcheck;
  expect({ name, test: healthcheckCommand(service) }).toEqual({ name, test: expect.stringMatching(/^CMD(-SHELL)? \S/) });
  expect({ name, disable: check?.disable ?? false, interval: check?.interval, retries: check?.retries }).toEqual({
    name,
    disable: false,
    interval: expect.any(String),
    retries: expect.any(Number),
  });
}

describeWith(dockerCompose)('docker-compose.kafka.yml (docker-compose config)', () => {
  let kraft: ComposeConfig;
  let withZookeeper: ComposeConfig;

  beforeAll(async () => {
    kraft = await composeConfig([KAFKA_FILE]);
    withZookeeper = await composeConfig([KAFKA_FILE], ['zookeeper']);
  }, 120_000);

  it('runs Kafka 4 in KRaft mode as one combined broker and controller', () => {
    const kafka = kraft.services.kafka;
    expect(kafka.image).toMatch(/^apache\/kafka:4\.\d+\.\d+$/);
    expect(kafkaProperty(kafka, 'process.roles')?.split(',').sort()).toEqual(['broker', 'controller']);
    expect(kafkaProperty(kafka, 'controller.quorum.voters')).toMatch(/^1@kafka:\d+$/);
    expect(kafkaProperty(kafka, 'zookeeper.connect')).toBeUndefined();
    expect(kafka.profiles ?? []).toEqual([]);
  });

  it('serves the host on localhost:9092 and containers on kafka:29092', () => {
    const kafka = kraft.services.kafka;
    const listeners = listenersOf(kafkaProperty(kafka, 'listeners'));
    const advertised = [...listenersOf(kafkaProperty(kafka, 'advertised.listeners'))];
    const hostListener = advertised.find(([, address]) => address.host === 'localhost' && address.port === 9092);
    const containerListener = advertised.find(([, address]) => address.host === 'kafka' && address.port === 29092);
    expect(hostListener).toBeDefined();
    expect(containerListener).toBeDefined();
    expect(publishedPorts(kafka)).toContainEqual({ host: 9092, container: listeners.get(hostListener![0])?.port });
    expect(listeners.get(containerListener![0])?.port).toBe(29092);
    expect(hostPorts(kafka)).not.toContain(29092);
  });

  it('creates topics on first use with 3 partitions, and single-node replication for the internal topics', () => {
    const kafka = kraft.services.kafka;
    expect(kafkaProperty(kafka, 'auto.create.topics.enable')).toBe('true');
    expect(kafkaProperty(kafka, 'num.partitions')).toBe('3');
    expect(kafkaProperty(kafka, 'offsets.topic.replication.factor')).toBe('1');
    expect(kafkaProperty(kafka, 'transaction.state.log.replication.factor')).toBe('1');
    expect(kafkaProperty(kafka, 'transaction.state.log.min.isr')).toBe('1');
  });

  it('keeps the broker data in a named volume', () => {
    const kafka = kraft.services.kafka;
    const mounts = [...namedVolumeMounts(kafka)];
    expect(mounts).toContainEqual([expect.any(String), kafkaProperty(kafka, 'log.dirs')]);
    for (const [volume] of mounts) expect(Object.keys(kraft.volumes ?? {})).toContain(volume);
  });

  it('checks the broker with a real client request', () => {
    expect(healthcheckCommand(kraft.services.kafka)).toMatch(/kafka-(broker-api-versions|topics)(\.sh)? --bootstrap-server/);
  });

  it('gives every service a health check and a restart policy', () => {
    for (const [name, service] of Object.entries(withZookeeper.services)) {
      expectRealHealthcheck(name, service);
      expect({ name, restart: service.restart }).toEqual({ name, restart: expect.stringMatching(/^(always|unless-stopped|on-failure)/) });
    }
  });

  it("serves kafbat's Kafka UI on 8080 for the cluster at kafka:29092, once the broker is healthy", () => {
    const ui = kraft.services['kafka-ui'];
    expect(ui.image).toMatch(/^ghcr\.io\/kafbat\/kafka-ui:v\d+\.\d+\.\d+$/);
    expect(hostPorts(ui)).toEqual([8080]);
    expect(environmentOf(ui).KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS).toBe('kafka:29092');
    expect(dependencyCondition(ui, 'kafka')).toBe('service_healthy');
  });

  it('keeps the ZooKeeper layout behind the zookeeper profile: ZooKeeper on 2181 and a broker on its own ports', () => {
    const { zookeeper, 'kafka-zk': broker } = withZookeeper.services;
    expect(zookeeper.profiles).toEqual(['zookeeper']);
    expect(broker.profiles).toEqual(['zookeeper']);
    expect(hostPorts(zookeeper)).toEqual([2181]);
    expect(broker.image).toMatch(/^confluentinc\/cp-kafka:7\.\d+\.\d+$/);
    expect(zookeeper.image).toMatch(/^confluentinc\/cp-zookeeper:7\.\d+\.\d+$/);
    expect(kafkaProperty(broker, 'zookeeper.connect')).toBe('zookeeper:2181');
    expect(dependencyCondition(broker, 'zookeeper')).toBe('service_healthy');
    const advertisedHost = [...listenersOf(kafkaProperty(broker, 'advertised.listeners')).values()].find((a) => a.host === 'localhost');
    expect(hostPorts(broker)).toContain(advertisedHost?.port);
    expect(kafkaProperty(broker, 'num.partitions')).toBe('3');
  });

  it('publishes no host port twice, so both layouts can run together', () => {
    const ports = Object.values(withZookeeper.services).flatMap(hostPorts);
    expect(ports.length).toBeGreaterThan(0);
    expect(new Set(ports).size).toBe(ports.length);
  });
});

describeWith(dockerCompose)('docker-compose.yml on top of docker-compose.kafka.yml (docker-compose config)', () => {
  let stack: ComposeConfig;
  // The business services; the console (no database) is checked on its own below.
  const appServices = (): Array<[string, ComposeService]> => Object.entries(stack.services).filter(([, s]) => s.build !== undefined && commandOf(s)[0] !== 'console');

  beforeAll(async () => {
    stack = await composeConfig([KAFKA_FILE, APPS_FILE]);
  }, 120_000);

  it('runs PostgreSQL 16, checked with pg_isready', () => {
    const postgres = stack.services.postgres;
    expect(postgres.image).toMatch(/^postgres:16\.\d+/);
    expect(healthcheckCommand(postgres)).toContain('pg_isready');
    expect(hostPorts(postgres)).toEqual([5432]);
  });

  it('runs the four services on their documented host ports, the payment-service twice', () => {
    const portsByApp = new Map<string, number[]>();
    for (const [, service] of appServices()) {
      const app = commandOf(service)[0];
      portsByApp.set(app, [...(portsByApp.get(app) ?? []), ...hostPorts(service)]);
    }
    expect(Object.fromEntries(portsByApp)).toEqual({
      'order-service': [3002],
      'payment-service': [3003, expect.any(Number)],
      'notification-service': [3004],
      'analytics-service': [3005],
    });
    const all = Object.values(stack.services).flatMap(hostPorts);
    expect(new Set(all).size).toBe(all.length);
  });

  it('gives each service an environment its own config accepts: Kafka at kafka:29092, the PostgreSQL service', () => {
    const postgresEnv = environmentOf(stack.services.postgres);
    for (const [name, service] of appServices()) {
      const app = commandOf(service)[0];
      expect({ name, app, mainExists: existsSync(resolve(ROOT, 'apps', app, 'src/main.ts')) }).toEqual({ name, app, mainExists: true });
      const config = loaders[app](environmentOf(service));
      expect(config.kafka.brokers).toEqual(['kafka:29092']);
      expect(config.host).toBe('0.0.0.0');
      expect(publishedPorts(service).map((p) => p.container)).toEqual([config.port]);
      const url = new URL(config.database.url ?? 'missing:');
      expect({ name, host: url.hostname, user: url.username, password: url.password, database: url.pathname.slice(1) }).toEqual({
        name,
        host: 'postgres',
        user: postgresEnv.POSTGRES_USER,
        password: postgresEnv.POSTGRES_PASSWORD,
        database: postgresEnv.POSTGRES_DB,
      });
    }
  });

  it('starts each service once Kafka and PostgreSQL are healthy, and checks it on /health/live', () => {
    expect(appServices()).toHaveLength(5);
    for (const [name, service] of appServices()) {
      expect({ name, kafka: dependencyCondition(service, 'kafka'), postgres: dependencyCondition(service, 'postgres') }).toEqual({
        name,
        kafka: 'service_healthy',
        postgres: 'service_healthy',
      });
      expectRealHealthcheck(name, service);
      const probe = healthcheckCommand(service).match(/\/app\/(\S+\.js)/)?.[1];
      expect({ name, probe: probe !== undefined && existsSync(resolve(ROOT, probe)) }).toEqual({ name, probe: true });
    }
  });

  it("runs the project's console on 8081 (kafbat keeps 8080) for kafka:29092, with a config its loader accepts", () => {
    const console = stack.services.console;
    expect(commandOf(console)).toEqual(['console']);
    expect(hostPorts(console)).toEqual([8081]);
    const config = loadConsoleConfig(environmentOf(console), []);
    expect(config).toMatchObject({ brokers: ['kafka:29092'], host: '0.0.0.0', port: 8081, orderServiceUrl: 'http://order-service:3002' });
    expect(dependencyCondition(console, 'kafka')).toBe('service_healthy');
    expectRealHealthcheck('console', console);
  });
});
