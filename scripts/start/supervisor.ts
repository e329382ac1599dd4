import { createServer } from 'node:net';
import { resolve } from 'node:path';
import type { RunningBroker } from '@app/kafka-broker';
import { type ApacheKafkaCluster, startApacheKafka } from '../apache-kafka/cluster';
import { ServiceInstance, StartConfig, TOPIC_PARTITIONS } from './config/start.config';
import { checkDatabasePairing } from './database-pairing';
import { ensureBusinessTopics, startEmbeddedBroker } from './kafka-setup';
import type { LogSink } from './log-sink';
import { describeExit, ServiceProcess } from './service-process';
import { summary } from './summary';

/** Signals this close to the first one are the same Ctrl-C, delivered by the terminal and again by npm. */
const SAME_SIGNAL_WINDOW_MS = 1000;

/**
 * Runs the whole system: Kafka (embedded unless configured), the business topics, then the services as child
 * processes, until a signal or the death of a service; then stops the services (each SIGTERM once, SIGKILL after
 * the timeout) and the broker last. `done` resolves with the exit code.
 */
export class Supervisor {
  readonly done: Promise<number>;
  private finish!: (code: number) => void;
  private readonly services: ServiceProcess[] = [];
  private brokerStarting: Promise<RunningBroker> | undefined;
  private apacheStarting: Promise<ApacheKafkaCluster> | undefined;
  private stopping: Promise<void> | undefined;
  private firstSignalAt = 0;

  constructor(
    private readonly config: StartConfig,
    private readonly terminal: LogSink,
    private readonly serviceLogs: LogSink,
    private readonly repoRoot: string,
  ) {
    this.done = new Promise((resolve) => (this.finish = resolve));
  }

  async start(): Promise<void> {
    const startedAt = Date.now();
    try {
      const mismatch = checkDatabasePairing(this.config);
      if (mismatch !== undefined) {
        for (const line of mismatch.split('\n')) this.say(line);
        void this.stop('the database does not match the Kafka data', 2);
        return;
      }
      const brokers = await this.startKafka();
      if (this.stopping) return;
      const topics = await ensureBusinessTopics(brokers);
      if (topics.created.length > 0) this.say(`created topics ${topics.created.join(', ')} (${TOPIC_PARTITIONS} partitions each)`);
      for (const { topic, partitions } of topics.existing) this.say(`topic ${topic} exists (${partitions} partitions)`);
      await this.checkPortsFree();
      if (this.stopping) return;
      for (const instance of this.config.instances) this.spawn(instance, brokers);
      await Promise.all(this.services.map((service) => service.waitReady(this.config.probeHost, this.config.readyTimeoutMs)));
      if (this.stopping) return;
      for (const line of summary(this.config, brokers.join(','), Date.now() - startedAt).split('\n')) this.say(line);
    } catch (error) {
      if (!this.stopping) void this.stop(`could not start: ${error instanceof Error ? error.message : String(error)}`, 1);
    }
  }

  /**
   * First signal: stop in order. Another one, a while later: kill the services at once. A Ctrl-C under `npm start`
   * arrives twice (from the terminal, and forwarded by npm), so one arriving right after the first is the same.
   */
  onSignal(signal: NodeJS.Signals): void {
    if (this.stopping === undefined) {
      this.firstSignalAt = Date.now();
      void this.stop(`${signal} received`, 0);
      return;
    }
    if (Date.now() - this.firstSignalAt < SAME_SIGNAL_WINDOW_MS) return;
    this.say(`${signal} again: killing the services`);
    for (const service of this.services) service.kill();
  }

  /** Kills the services without waiting (the process is exiting). */
  killAll(): void {
    for (const service of this.services) service.kill();
  }

  private stop(reason: string, exitCode: number): Promise<void> {
    this.stopping ??= (async () => {
      this.say(`stopping: ${reason}`);
      const running = this.services.filter((service) => !service.hasExited);
      const stopped = await Promise.all(running.map((service) => service.stop(this.config.stopTimeoutMs)));
      let code = exitCode;
      running.forEach((service, i) => {
        if (stopped[i]) return;
        this.say(`${service.instance.label} was killed: it had not stopped within ${this.config.stopTimeoutMs} ms, or a second Ctrl-C asked for it`);
        code = Math.max(code, 1);
      });
      const broker = await this.brokerStarting?.catch(() => undefined);
      if (broker !== undefined) {
        broker.cluster.flush();
        await broker.close();
        this.say('embedded broker stopped');
      }
      const apache = await this.apacheStarting?.catch(() => undefined);
      if (apache !== undefined) {
        await apache.stop();
        this.say('Apache Kafka stopped');
      }
      await this.serviceLogs.close();
      this.say(code === 0 ? 'stopped' : `stopped (exit code ${code})`);
      this.finish(code);
    })();
    return this.stopping;
  }

  private async startKafka(): Promise<string[]> {
    const kafka = this.config.kafka;
    if (kafka.kind === 'external') {
      this.say(`using Kafka at ${kafka.brokers.join(',')}`);
      return [...kafka.brokers];
    }
    if (kafka.kind === 'apache') {
      this.say(`starting Apache Kafka (one KRaft node) on 127.0.0.1:${kafka.port}, data in ${kafka.dataDir}`);
      this.apacheStarting = startApacheKafka({ nodes: 1, port: kafka.port, dataDir: resolve(kafka.dataDir), log: (line) => this.say(line) });
      const cluster = await this.apacheStarting;
      return cluster.brokers;
    }
    const logLine = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
      this.serviceLogs.line('kafka', JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }));
    this.brokerStarting = startEmbeddedBroker(kafka.port, resolve(kafka.dataDir), { debug: () => undefined, info: logLine('info'), warn: logLine('warn'), error: logLine('error') });
    const broker = await this.brokerStarting;
    this.say(`embedded Kafka broker on ${broker.bootstrapServers}, data in ${kafka.dataDir}`);
    return broker.bootstrapServers.split(',');
  }

  private async checkPortsFree(): Promise<void> {
    for (const instance of this.config.instances) {
      const free = await new Promise<boolean>((resolvePort) => {
        const server = createServer();
        server.once('error', () => resolvePort(false));
        server.listen(instance.port, this.config.host, () => server.close(() => resolvePort(true)));
      });
      const variable = instance.label === instance.service ? `${instance.service.replace(/-/g, '_').toUpperCase()}_PORT` : 'PAYMENT_SERVICE_EXTRA_PORT';
      if (!free) throw new Error(`port ${instance.port} of ${instance.label} is in use (set ${variable} to move it)`);
    }
  }

  private spawn(instance: ServiceInstance, brokers: readonly string[]): void {
    const env: NodeJS.ProcessEnv = { ...this.config.childEnv, KAFKA_BROKERS: brokers.join(','), PORT: String(instance.port), HOST: this.config.host };
    delete env.KAFKA_CLIENT_ID;
    if (instance.label !== instance.service) env.KAFKA_CLIENT_ID = instance.label;
    if (this.config.databaseUrl !== undefined) {
      env.DATABASE_URL = this.config.databaseUrl;
      delete env.DATA_DIR;
    } else {
      env.DATA_DIR = resolve(this.config.dataDir, instance.service);
    }
    const service = new ServiceProcess(instance, env, this.serviceLogs, this.repoRoot);
    this.services.push(service);
    void service.exited.then((exit) => {
      if (this.stopping === undefined) void this.stop(`${instance.label} exited on its own (${describeExit(exit)})`, 1);
    });
  }

  private say(text: string): void {
    this.terminal.line('start', text);
  }
}
