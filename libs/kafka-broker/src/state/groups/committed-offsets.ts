import type { MetadataRecord } from '../storage/metadata-log';

export interface CommittedOffset {
  offset: number;
  metadata: string | null;
}

/**
 * Committed offsets of every group: group -> "topic\0partition" -> offset. Offsets are stored
 * as given, negative ones included (Kafka does the same). Persisted through the cluster's
 * metadata log when one is configured.
 */
export class CommittedOffsets {
  private readonly groups = new Map<string, Map<string, CommittedOffset>>();

  constructor(private readonly persist: (record: MetadataRecord) => void) {}

  commit(group: string, topic: string, partition: number, offset: number, metadata: string | null): void {
    this.persist({ type: 'offset', group, topic, partition, offset, metadata });
    this.set(group, topic, partition, offset, metadata);
  }

  private set(group: string, topic: string, partition: number, offset: number, metadata: string | null): void {
    let offsets = this.groups.get(group);
    if (!offsets) this.groups.set(group, (offsets = new Map<string, CommittedOffset>()));
    offsets.set(`${topic}\0${partition}`, { offset, metadata });
  }

  get(group: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.groups.get(group)?.get(`${topic}\0${partition}`);
  }

  /** Every committed offset of a group, as [topic, partition, offset]. */
  list(group: string): { topic: string; partition: number; offset: number; metadata: string | null }[] {
    const offsets = this.groups.get(group);
    if (!offsets) return [];
    return [...offsets].map(([key, v]) => {
      const [topic, partition] = key.split('\0');
      return { topic, partition: Number(partition), ...v };
    });
  }

  /** OffsetDelete for one partition; true when there was an offset to delete. */
  deleteOffset(group: string, topic: string, partition: number): boolean {
    if (!this.groups.get(group)?.has(`${topic}\0${partition}`)) return false;
    this.persist({ type: 'offset-deleted', group, topic, partition });
    this.groups.get(group)?.delete(`${topic}\0${partition}`);
    return true;
  }

  hasGroup(group: string): boolean {
    return this.groups.has(group);
  }

  groupIds(): string[] {
    return [...this.groups.keys()];
  }

  deleteGroup(group: string): void {
    if (!this.groups.has(group)) return;
    this.persist({ type: 'group-deleted', group });
    this.groups.delete(group);
  }

  /** Forgets offsets of a deleted topic (no record of its own: restore replays the topic's deletion). */
  deleteTopic(topic: string): void {
    for (const offsets of this.groups.values()) {
      for (const key of offsets.keys()) if (key.startsWith(`${topic}\0`)) offsets.delete(key);
    }
  }

  restore(records: MetadataRecord[]): void {
    for (const r of records) {
      if (r.type === 'offset') this.set(r.group, r.topic, r.partition, r.offset, r.metadata);
      else if (r.type === 'group-deleted') this.groups.delete(r.group);
      else if (r.type === 'offset-deleted') this.groups.get(r.group)?.delete(`${r.topic}\0${r.partition}`);
      // a topic deleted and re-created must not bring back offsets committed before
      else if (r.type === 'topic-deleted') this.deleteTopic(r.name);
    }
  }

  snapshot(): MetadataRecord[] {
    const out: MetadataRecord[] = [];
    for (const group of this.groups.keys()) {
      for (const o of this.list(group)) out.push({ type: 'offset', group, ...o });
    }
    return out;
  }
}
