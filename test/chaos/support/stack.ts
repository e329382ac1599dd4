import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ChaosContext } from '../scenario';
import { ApacheClusterProcess } from './apache-cluster';
import { BrokerProcess } from './broker-process';
import { createScratchDatabase, databaseUrl, ScratchDatabase } from './postgres';
import { ServiceProcess } from './service-process';
import { createBusinessTopics } from './topics';

export interface StackOptions {
  /** Short name of the scenario, used in the database name. */
  readonly label: string;
  /** payment-service instances (2 to kill one while the other works). Default 1. */
  readonly paymentInstances?: number;
  /** Port the services reach PostgreSQL on instead of the server's own (a scenario's proxy). */
  readonly databasePort?: number;
  /** Extra environment for the payment-service (GATEWAY_*). */
  readonly paymentEnv?: Readonly<Record<string, string>>;
  /** Run on an Apache Kafka cluster of this many nodes (ports BROKER_PORT..) instead of the embedded broker. */
  readonly apacheNodes?: number;
}

/** What a stack needs of its Kafka: the embedded broker's process, or an Apache Kafka cluster. */
export type StackKafka = BrokerProcess | ApacheClusterProcess;

/** The order-service port; payment instance i listens on PAYMENT_PORT + i, the broker on BROKER_PORT. */
export const ORDER_PORT = 0;
export const PAYMENT_PORT = 1;
export const PROXY_PORT = 80;
export const BROKER_PORT = 90;

/** Short gateway latency and a tenth of payments declined, so that both PAID and CANCELLED are exercised. */
const GATEWAY: Readonly<Record<string, string>> = { GATEWAY_LATENCY_MS: '10', GATEWAY_LATENCY_JITTER_MS: '20', GATEWAY_DECLINE_RATE: '0.1' };

/** The payment-service's ADMIN_TOKEN in every chaos stack (the fuzz cases send it). */
export const CHAOS_ADMIN_TOKEN = 'chaos-admin-token-0123456789';

/**
 * A scenario's system: its own PostgreSQL database, the broker CLI with a data dir in workDir, the three business
 * topics with 6 partitions, one order-service and N payment-service instances as child processes. The
 * notification- and analytics-services are left out: nothing they do decides whether an order is lost or paid twice.
 */
export class ChaosStack {
  private constructor(
    readonly database: ScratchDatabase,
    readonly broker: StackKafka,
    readonly orders: ServiceProcess,
    readonly payments: readonly ServiceProcess[],
    private readonly ctx: ChaosContext,
  ) {}

  static async start(ctx: ChaosContext, options: StackOptions): Promise<ChaosStack> {
    const logDir = join(ctx.workDir, 'logs');
    mkdirSync(logDir, { recursive: true });
    const database = await createScratchDatabase(ctx.postgresUrl, options.label);
    const broker: StackKafka =
      options.apacheNodes === undefined
        ? new BrokerProcess({ port: ctx.portBase + BROKER_PORT, dataDir: join(ctx.workDir, 'kafka'), logFile: join(logDir, 'broker.log') })
        : new ApacheClusterProcess({ ports: Array.from({ length: options.apacheNodes }, (_, i) => ctx.portBase + BROKER_PORT + i), dataDir: join(ctx.workDir, 'apache-kafka') });
    const serviceDatabase = options.databasePort === undefined ? database.url : databaseUrl(ctx.postgresUrl, database.name, options.databasePort);
    const env = { KAFKA_BROKERS: broker.bootstrapServers, DATABASE_URL: serviceDatabase };
    const orders = new ServiceProcess({ service: 'order-service', instance: 'order-service', port: ctx.portBase + ORDER_PORT, env, logDir });
    const payments = Array.from(
      { length: options.paymentInstances ?? 1 },
      (_, i) =>
        new ServiceProcess({
          service: 'payment-service',
          instance: `payment-${String.fromCharCode(97 + i)}`,
          port: ctx.portBase + PAYMENT_PORT + i,
          env: { ...env, ...GATEWAY, ADMIN_TOKEN: CHAOS_ADMIN_TOKEN, ...options.paymentEnv },
          logDir,
        }),
    );
    const stack = new ChaosStack(database, broker, orders, payments, ctx);
    try {
      const started = Date.now();
      await broker.start();
      await createBusinessTopics(broker.bootstrapServers);
      await Promise.all([orders.start(), ...payments.map((payment) => payment.start())]);
      ctx.log(
        `stack up in ${((Date.now() - started) / 1000).toFixed(1)} s: broker ${broker.bootstrapServers}, order-service ${orders.url}, ${payments.length} payment-service (database ${database.name}, logs in ${logDir})`,
      );
    } catch (error) {
      await stack.stop({ dropDatabase: true });
      throw error;
    }
    return stack;
  }

  /** Stops the services (SIGTERM), then the broker; drops the database unless it is kept for a failed run. */
  async stop(options: { dropDatabase: boolean }): Promise<void> {
    const exits = await Promise.all([this.orders, ...this.payments].map(async (service) => [service.instance, await service.stop()] as const));
    for (const [instance, exit] of exits) {
      // Nest re-raises the signal once its shutdown hooks ran: ending by SIGTERM is a clean stop, SIGKILL is not.
      if (exit !== undefined && exit.code !== 0 && exit.signal !== 'SIGTERM') this.ctx.log(`${instance} did not stop cleanly on SIGTERM: ${JSON.stringify(exit)}`);
    }
    await this.broker.stop();
    if (options.dropDatabase) await this.database.drop();
    else this.ctx.log(`kept database ${this.database.name} for inspection`);
  }
}
