/**
 * Where a partition's batches go besides memory. Appends are synchronous write-throughs:
 * when append returns, the bytes are in the operating system (they survive a kill -9 of the
 * broker); whether they also reach the disk platter is the fsync policy's business.
 */
export interface PartitionStore {
  append(batch: Buffer, baseOffset: number, lastOffset: number): void;
  /**
   * Forgets everything below `offset` (whole segments only; the start offset is recorded).
   * When nothing is left, the store still remembers where numbering continues.
   */
  truncateBefore(offset: number): void;
  /** For the `interval` fsync policy: flushes to disk if anything was written since the last call. */
  flush(): void;
  close(): void;
  /** Closes and removes everything stored (topic deletion). */
  destroy(): void;
}
