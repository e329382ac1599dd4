import { ALL_APIS } from './apis/registry';
import type { FaultInjector } from './faults';
import { BrokerOptions, resolveOptions } from './options';
import { NodeServer } from './server/node-server';
import { ClusterState } from './state/cluster';

export interface RunningBroker {
  /** Comma-separated host:port of every node, for a client's bootstrap list. */
  readonly bootstrapServers: string;
  /** One entry per node, in node id order. */
  readonly nodes: readonly { nodeId: number; host: string; port: number }[];
  /** Fault rules for tests: delay, fail or drop requests of an API key. */
  readonly faults: FaultInjector;
  /** The shared state, for tests and tools that need to look inside. */
  readonly cluster: ClusterState;
  /** Stops listening, closes every connection, flushes and closes files. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts an embedded Kafka-compatible cluster of `options.nodes` nodes (default 1) and
 * resolves once every node is listening.
 */
export async function startBroker(options: BrokerOptions = {}): Promise<RunningBroker> {
  const resolved = resolveOptions(options);
  const cluster = new ClusterState(resolved, ALL_APIS, options.diskFaults);
  for (const rule of options.faults ?? []) cluster.faults.add(rule);
  const servers = cluster.nodes.map((node) => new NodeServer(node, cluster));
  try {
    for (let i = 0; i < servers.length; i++) {
      await servers[i].listen(resolved.host, resolved.port === 0 ? 0 : resolved.port + i);
    }
  } catch (err) {
    await Promise.all(servers.map((s) => s.close().catch(() => undefined)));
    cluster.close();
    throw err;
  }
  cluster.startTimers();
  let closing: Promise<void> | null = null;
  return {
    bootstrapServers: cluster.nodes.map((n) => `${n.host}:${n.port}`).join(','),
    nodes: cluster.nodes,
    faults: cluster.faults,
    cluster,
    close() {
      closing ??= (async () => {
        await Promise.all(servers.map((s) => s.close()));
        cluster.close();
      })();
      return closing;
    },
  };
}
