import { createHash } from 'node:crypto';

/**
 * The bigint key (as a decimal string) of PostgreSQL advisory lock `name`: the first 8 bytes of its SHA-256,
 * signed. Computed here rather than with hashtext() so the key is the same on every server version.
 */
export function advisoryLockKey(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}
