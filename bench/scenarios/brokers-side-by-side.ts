/**
 * The embedded broker beside Apache Kafka 4.1.1 (started from Maven, scripts/apache-kafka), one node each, in the
 * same run: the same workloads by Kafka's own Java perf tools, kcat and kafkajs, so the report shows each figure for
 * both brokers and their ratio.
 */
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startApacheKafka } from '../../scripts/apache-kafka/cluster';
import { ensureApacheKafka } from '../../scripts/apache-kafka/installation';
import type { BenchContext, BenchScenario, Measurement, ScenarioResult } from '../scenario';
import { PARTITIONS, RECORD_BYTES, Workload, WORKLOAD_PAIRS } from '../support/client-workloads';
import { cpuSecondsOf } from '../support/cpu';
import { startBrokerProcess, stopProcess } from '../support/processes';
import { median } from '../support/stats';

interface RunningBroker {
  readonly label: string;
  readonly bootstrap: string;
  /** The broker's own process (the JVM, or the embedded broker's node), for its CPU. */
  readonly pid: () => number | undefined;
  stop(): Promise<void>;
}

interface Figure {
  readonly perSecond: number;
  /** Broker CPU milliseconds per MB of record values moved. */
  readonly brokerMsPerMb: number;
}

async function embedded(ctx: BenchContext): Promise<RunningBroker> {
  const broker = await startBrokerProcess({ port: ctx.portBase + 90, partitions: PARTITIONS, dataDir: join(ctx.workDir, 'embedded'), name: 'embedded-broker' });
  return { label: 'embedded', bootstrap: broker.bootstrapServers, pid: () => broker.pid, stop: () => stopProcess(broker) };
}

async function apache(ctx: BenchContext): Promise<RunningBroker> {
  ensureApacheKafka(ctx.log);
  const cluster = await startApacheKafka({ port: ctx.portBase + 91, dataDir: join(ctx.workDir, 'apache'), log: ctx.log });
  return { label: 'Apache Kafka', bootstrap: cluster.bootstrapServers, pid: () => cluster.pidOf(1), stop: () => cluster.stop() };
}

async function createTopic(bootstrap: string, topic: string): Promise<void> {
  const admin = new Kafka({ clientId: 'bench-side-by-side-admin', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

async function measure(broker: RunningBroker, workload: Workload, topic: string, records: number, workDir: string): Promise<Figure> {
  const pid = broker.pid();
  const cpuBefore = pid === undefined ? undefined : cpuSecondsOf(pid);
  const result = await workload.run(broker.bootstrap, topic, records, workDir);
  const cpuAfter = pid === undefined ? undefined : cpuSecondsOf(pid);
  if (result.records < records) throw new Error(`${workload.name} on ${broker.label} moved ${result.records} of ${records} records`);
  const megabytes = (result.records * RECORD_BYTES) / 1e6;
  const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? Number.NaN : (cpuAfter - cpuBefore) * 1000;
  return { perSecond: Math.round(result.records / result.seconds), brokerMsPerMb: Math.round((cpuMs / megabytes) * 10) / 10 };
}

/** Every workload pair once on `broker`, each on a topic of its own; figures by workload name. */
async function oneRun(ctx: BenchContext, broker: RunningBroker, run: number, records: number): Promise<Map<string, Figure>> {
  const figures = new Map<string, Figure>();
  for (const [produce, consume] of WORKLOAD_PAIRS) {
    const topic = `side-by-side-${run}-${produce.name.split(' ')[0]}`;
    await createTopic(broker.bootstrap, topic);
    figures.set(produce.name, await measure(broker, produce, topic, records, ctx.workDir));
    figures.set(consume.name, await measure(broker, consume, topic, records, ctx.workDir));
    ctx.log(`${broker.label}: ${produce.name} ${figures.get(produce.name)!.perSecond}/s, ${consume.name} ${figures.get(consume.name)!.perSecond}/s`);
  }
  return figures;
}

export const brokersSideBySideScenario: BenchScenario = {
  id: 'brokers',
  title: '7. The embedded broker beside Apache Kafka 4.1.1: the same workloads by the Java perf tools, kcat and kafkajs',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const records = ctx.quick ? 50_000 : 300_000;
    const runsByBroker = new Map<string, Map<string, Figure>[]>();
    for (const start of [embedded, apache]) {
      const broker = await start(ctx);
      try {
        const runs: Map<string, Figure>[] = [];
        for (let run = 1; run <= ctx.runs; run++) {
          ctx.log(`${broker.label}: run ${run}/${ctx.runs}`);
          runs.push(await oneRun(ctx, broker, run, records));
        }
        runsByBroker.set(broker.label, runs);
      } finally {
        await broker.stop();
      }
    }
    const measurements: Measurement[] = [];
    const notes: string[] = [];
    for (const workload of WORKLOAD_PAIRS.flat()) {
      const medians: Record<string, number> = {};
      for (const [label, runs] of runsByBroker) {
        const figures = runs.map((r) => r.get(workload.name)!);
        measurements.push({ name: `${workload.name} on ${label}`, unit: 'msgs/s', better: 'higher', values: figures.map((f) => f.perSecond) });
        measurements.push({ name: `${workload.name} on ${label}: broker CPU per MB`, unit: 'ms/MB', better: 'lower', values: figures.map((f) => f.brokerMsPerMb) });
        medians[label] = median(figures.map((f) => f.perSecond));
      }
      notes.push(`${workload.name}: embedded / Apache Kafka = ${(medians['embedded'] / medians['Apache Kafka']).toFixed(2)}`);
    }
    return {
      id: this.id,
      title: this.title,
      method:
        `${records.toLocaleString('en')} records of ${RECORD_BYTES} bytes per workload and run, ${PARTITIONS} partitions, acks=all; one node of each broker with its data on disk, ` +
        `started by the bench (embedded: its CLI in a node process; Apache Kafka 4.1.1: one KRaft broker+controller JVM, 512 MiB heap). ` +
        `Each consume workload reads what the produce workload of its family wrote. Throughput includes each client's start-up (a JVM for the perf tools). ` +
        `Broker CPU is the broker process's user+system time over the workload (/proc), per MB of record values.`,
      measurements,
      notes,
    };
  },
};
