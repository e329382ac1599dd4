import type { ClusterState } from '../cluster';
import type { MetadataRecord } from '../storage/metadata-log';
import { CommittedOffsets } from './committed-offsets';

/** Consumer groups and committed offsets. (Being filled in: membership, rebalance.) */
export class GroupCoordinator {
  readonly offsets: CommittedOffsets;

  constructor(private readonly cluster: ClusterState) {
    this.offsets = new CommittedOffsets((r) => cluster.persist(r));
  }

  restore(records: MetadataRecord[]): void {
    this.offsets.restore(records);
  }

  snapshot(): MetadataRecord[] {
    return this.offsets.snapshot();
  }

  close(): void {
    void this.cluster;
  }
}
