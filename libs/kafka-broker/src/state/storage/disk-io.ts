import * as fs from 'node:fs';

/**
 * The file calls whose failure the storage code must survive (a full or failing disk). Kept
 * this small so that tests can put a faulty one in front of `node:fs` (see faults.ts).
 */
export interface DiskIo {
  /** Positional write; returns the bytes written, which may be fewer than asked. */
  writeSync(fd: number, buf: Buffer, offset: number, length: number, position: number): number;
  fsyncSync(fd: number): void;
  ftruncateSync(fd: number, length: number): void;
  /** Whole small files (log start offset, a compacted metadata log), written before a rename. */
  writeFileSync(file: string, data: string): void;
}

export const nodeDiskIo: DiskIo = {
  writeSync: (fd, buf, offset, length, position) => fs.writeSync(fd, buf, offset, length, position),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  ftruncateSync: (fd, length) => fs.ftruncateSync(fd, length),
  writeFileSync: (file, data) => fs.writeFileSync(file, data),
};

/** A write or flush that did not complete; the file has been (or will be) cut back to its last good end. */
export class StorageError extends Error {
  constructor(message: string, cause: unknown) {
    super(`${message}: ${describe(cause)}`, { cause });
    this.name = 'StorageError';
  }
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException | null;
  return e?.code ?? e?.message ?? String(err);
}

/**
 * Writes all of `buf` at `position`. A short count is not an error by itself (the rest is
 * tried again, which is where a full disk reports ENOSPC); a write making no progress is.
 */
export function writeFully(io: DiskIo, fd: number, buf: Buffer, position: number): void {
  let done = 0;
  while (done < buf.length) {
    const n = io.writeSync(fd, buf, done, buf.length - done, position + done);
    if (n <= 0) throw Object.assign(new Error('write made no progress'), { code: 'ENOSPC' });
    done += n;
  }
}

/**
 * Cuts a file back to `length` after a failed write. Returns false when even that failed: the
 * caller must not append behind the torn bytes until a later cut succeeds.
 */
export function cutBack(io: DiskIo, fd: number, length: number): boolean {
  try {
    io.ftruncateSync(fd, length);
    return true;
  } catch {
    return false;
  }
}
