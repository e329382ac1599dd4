import type { MetadataRecord } from '../storage/metadata-log';

/**
 * Hands out producer ids, never the same one twice, restarts included: each allocation is
 * recorded before the id is given out.
 */
export class ProducerIdAllocator {
  private next = 0;

  constructor(private readonly persist: (record: MetadataRecord) => void) {}

  allocate(): number {
    const id = this.next++;
    this.persist({ type: 'producer-id', next: this.next });
    return id;
  }

  /** Never hand out `id` or anything below it again. */
  reserveThrough(id: number): void {
    this.next = Math.max(this.next, id + 1);
  }

  restore(records: MetadataRecord[]): void {
    for (const r of records) if (r.type === 'producer-id') this.next = Math.max(this.next, r.next);
  }

  snapshot(): MetadataRecord {
    return { type: 'producer-id', next: this.next };
  }
}
