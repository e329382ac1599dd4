import { PartitionLog } from './partition-log';
import { TOPIC_CONFIG_DEFAULTS } from './topic-configs';

/** A topic: its partitions, their leaders and replicas, and the configs set on it. */
export class Topic {
  readonly partitions: PartitionLog[] = [];
  /** Per partition, the node ids holding a replica; the first one leads. */
  readonly replicas: number[][] = [];

  constructor(
    readonly name: string,
    readonly replicationFactor: number,
    readonly configs: Map<string, string>,
  ) {}

  config(name: string): string {
    return this.configs.get(name) ?? TOPIC_CONFIG_DEFAULTS[name];
  }

  leaderOf(partition: number): number {
    return this.replicas[partition][0];
  }
}
