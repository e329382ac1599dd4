import { startApacheKafka, type ApacheKafkaCluster } from '../../../scripts/apache-kafka/cluster';
import { withAdmin } from './topics';

/**
 * A real Apache Kafka cluster of `nodes` KRaft nodes (combined broker+controller, from the Maven-fetched jars) for a
 * chaos stack: every topic replicated on all three (replication factor 3, `min.insync.replicas=2`, and the services
 * produce with acks=all), so losing one node must lose nothing.
 */
export class ApacheClusterProcess {
  private cluster: ApacheKafkaCluster | undefined;

  constructor(private readonly options: { readonly ports: readonly number[]; readonly dataDir: string }) {}

  get bootstrapServers(): string {
    return this.options.ports.map((port) => `127.0.0.1:${port}`).join(',');
  }

  async start(): Promise<void> {
    this.cluster = await startApacheKafka({
      ports: [...this.options.ports],
      dataDir: this.options.dataDir,
      config: { 'min.insync.replicas': '2', 'default.replication.factor': String(this.options.ports.length), 'unclean.leader.election.enable': 'false' },
    });
  }

  /** The node that leads the most partitions of `topic` (the busiest one to lose). */
  async busiestLeader(topic: string): Promise<number> {
    const metadata = await withAdmin(this.bootstrapServers, (admin) => admin.fetchTopicMetadata({ topics: [topic] }));
    const counts = new Map<number, number>();
    for (const p of metadata.topics[0]?.partitions ?? []) counts.set(p.leader, (counts.get(p.leader) ?? 0) + 1);
    const [leader] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
    if (leader === undefined) throw new Error(`${topic} has no leaders`);
    return leader;
  }

  /** kill -9 of one node's JVM. */
  async killNode(id: number): Promise<void> {
    await this.required().killNode(id, 'SIGKILL');
  }

  /** The killed node again, on its ports and data; resolves once it serves. */
  async startNode(id: number): Promise<void> {
    await this.required().startNode(id);
  }

  /** Partitions of `topics` whose in-sync replica set is smaller than the replica set. */
  async underReplicated(topics: readonly string[]): Promise<number> {
    const metadata = await withAdmin(this.bootstrapServers, (admin) => admin.fetchTopicMetadata({ topics: [...topics] }));
    return metadata.topics.flatMap((t) => t.partitions).filter((p) => p.isr.length < p.replicas.length).length;
  }

  async kill(): Promise<void> {
    for (const node of this.cluster?.nodes ?? []) await this.cluster?.killNode(node.id, 'SIGKILL');
  }

  async stop(): Promise<void> {
    await this.cluster?.stop();
    this.cluster = undefined;
  }

  private required(): ApacheKafkaCluster {
    if (!this.cluster) throw new Error('the Apache Kafka cluster is not running');
    return this.cluster;
  }
}
