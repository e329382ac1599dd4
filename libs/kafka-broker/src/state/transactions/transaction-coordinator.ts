import type { ClusterState } from '../cluster';
import type { MetadataRecord } from '../storage/metadata-log';

/** Producer ids and transactions. (Being filled in: InitProducerId, markers, timeouts.) */
export class TransactionCoordinator {
  constructor(private readonly cluster: ClusterState) {}

  restore(records: MetadataRecord[]): void {
    void records;
    void this.cluster;
  }

  snapshot(): MetadataRecord[] {
    return [];
  }

  close(): void {}
}
