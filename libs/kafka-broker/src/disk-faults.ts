import { DiskIo, nodeDiskIo } from './state/storage/disk-io';

/** Which files a disk fault hits: partition segments, metadata.log, or small files written whole. */
export type DiskTarget = 'segment' | 'metadata' | 'file';

export interface DiskFaultRule {
  /** All targets when absent. */
  target?: DiskTarget;
  /** Default 'write' (which covers whole-file writes too). */
  op?: 'write' | 'fsync' | 'truncate';
  /**
   * 'short' (default): the write stores half its bytes and returns that count, and the retry
   * of the rest fails, as a filling disk behaves. 'fail': nothing is written.
   */
  kind?: 'short' | 'fail';
  /** Default ENOSPC. */
  code?: 'ENOSPC' | 'EIO';
  /** Only every n-th matching call (default 1: each one). */
  every?: number;
  /** How many calls it fails; unlimited when absent. */
  times?: number;
}

interface Entry {
  rule: DiskFaultRule;
  seen: number;
  left: number;
}

function injected(code: string, syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected disk fault, ${syscall}`), { code, syscall });
}

/**
 * Disk fault rules for tests, applied by the DiskIo the storage code is given: the real
 * `node:fs` calls run unless a rule matches, so what does get written is really on disk.
 */
export class DiskFaults {
  private entries: Entry[] = [];
  /** fds whose next write fails (the second half of a short write). */
  private readonly failNext = new Map<number, string>();

  add(rule: DiskFaultRule): () => void {
    const entry = { rule, seen: 0, left: rule.times ?? Infinity };
    this.entries.push(entry);
    return () => {
      this.entries = this.entries.filter((e) => e !== entry);
    };
  }

  clear(): void {
    this.entries = [];
    this.failNext.clear();
  }

  private match(target: DiskTarget, op: 'write' | 'fsync' | 'truncate'): DiskFaultRule | null {
    for (const e of this.entries) {
      if ((e.rule.target ?? target) !== target || (e.rule.op ?? 'write') !== op || e.left <= 0) continue;
      e.seen++;
      if (e.seen % (e.rule.every ?? 1) !== 0) continue;
      e.left--;
      return e.rule;
    }
    return null;
  }

  /** `base` for one kind of file, with the rules applied (no cost beyond a length check when there are none). */
  io(target: DiskTarget, base: DiskIo = nodeDiskIo): DiskIo {
    return {
      writeSync: (fd, buf, offset, length, position) => {
        const pending = this.failNext.get(fd);
        if (pending) {
          this.failNext.delete(fd);
          throw injected(pending, 'write');
        }
        const rule = this.entries.length > 0 ? this.match(target, 'write') : null;
        if (!rule) return base.writeSync(fd, buf, offset, length, position);
        const code = rule.code ?? 'ENOSPC';
        const half = Math.floor(length / 2);
        if ((rule.kind ?? 'short') === 'fail' || half === 0) throw injected(code, 'write');
        this.failNext.set(fd, code);
        return base.writeSync(fd, buf, offset, half, position);
      },
      fsyncSync: (fd) => {
        const rule = this.entries.length > 0 ? this.match(target, 'fsync') : null;
        if (rule) throw injected(rule.code ?? 'EIO', 'fsync');
        base.fsyncSync(fd);
      },
      ftruncateSync: (fd, length) => {
        const rule = this.entries.length > 0 ? this.match(target, 'truncate') : null;
        if (rule) throw injected(rule.code ?? 'EIO', 'ftruncate');
        base.ftruncateSync(fd, length);
      },
      writeFileSync: (file, data) => {
        const rule = this.entries.length > 0 ? this.match(target, 'write') : null;
        if (!rule) return base.writeFileSync(file, data);
        if ((rule.kind ?? 'short') === 'short') base.writeFileSync(file, data.slice(0, Math.floor(data.length / 2)));
        throw injected(rule.code ?? 'ENOSPC', 'write');
      },
    };
  }
}
