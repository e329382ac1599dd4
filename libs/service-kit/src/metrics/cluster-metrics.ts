import cluster from 'node:cluster';
import { AggregatorRegistry, Registry } from 'prom-client';

/** IPC messages between a worker's GET /metrics and the primary. */
const REQUEST = 'service-kit:metrics-request';
const ANSWER = 'service-kit:metrics-answer';
const ANSWER_TIMEOUT_MS = 10_000;

interface MetricsRequest {
  type: typeof REQUEST;
  id: number;
}

interface MetricsAnswer {
  type: typeof ANSWER;
  id: number;
  text?: string;
  error?: string;
}

function isMessage<T extends { type: string }>(message: unknown, type: T['type']): message is T {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;
}

/**
 * In the primary of a worker pool: answers a worker's request for the metrics of all workers, which prom-client's
 * AggregatorRegistry collects over IPC and merges (counters and histograms summed; gauges summed unless a metric
 * says otherwise with `aggregator`).
 */
export function servePrimaryMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: unknown) => {
    if (!isMessage<MetricsRequest>(message, REQUEST)) return;
    const answer = (fields: Omit<MetricsAnswer, 'type' | 'id'>): void => {
      if (worker.isConnected()) worker.send({ type: ANSWER, id: message.id, ...fields } satisfies MetricsAnswer);
    };
    aggregator.clusterMetrics().then(
      (text) => answer({ text }),
      (error: unknown) => answer({ error: error instanceof Error ? error.message : String(error) }),
    );
  });
}

let nextId = 0;

/**
 * In a worker of a pool: lets the primary's AggregatorRegistry read `registries` (prom-client installs the IPC
 * responder). Call it once at start, so every worker answers whichever one is scraped. A no-op elsewhere.
 */
export function offerMetricsToPrimary(registries: readonly Registry[]): void {
  if (!cluster.isWorker) return;
  AggregatorRegistry.setRegistries([...registries]);
  new AggregatorRegistry();
}

/**
 * The Prometheus text for `registries`: this process's own, or, in a worker of a pool, every worker's merged by the
 * primary, so a scrape of the service's port sees the whole service whichever worker it reaches.
 */
export async function metricsText(registries: readonly Registry[]): Promise<string> {
  if (!cluster.isWorker || process.send === undefined) {
    const texts = await Promise.all(registries.map((registry) => registry.metrics()));
    return texts.join('\n');
  }
  return askPrimary();
}

function askPrimary(): Promise<string> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown): void => {
      if (!isMessage<MetricsAnswer>(message, ANSWER) || message.id !== id) return;
      done();
      if (message.error !== undefined || message.text === undefined) reject(new Error(`metrics of the workers could not be collected: ${message.error ?? 'no answer'}`));
      else resolve(message.text);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`metrics of the workers: no answer from the primary within ${ANSWER_TIMEOUT_MS} ms`));
    }, ANSWER_TIMEOUT_MS);
    const done = (): void => {
      clearTimeout(timer);
      process.off('message', onMessage);
    };
    process.on('message', onMessage);
    process.send?.({ type: REQUEST, id } satisfies MetricsRequest);
  });
}
