import { InvalidEventError } from './invalid-event.error';
import { childPath } from './field-path';

/** Kafka's default `message.max.bytes` is about 1 MB; an event bigger than that is a bug, not data. */
export const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;

/** Far deeper than any contract; keeps recursive libraries (class-transformer) off deep attacker-made trees. */
const MAX_DEPTH = 16;

/** Keys that could reach an object's prototype once the payload is copied or merged somewhere. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const utf8 = new TextDecoder('utf-8', { fatal: true });

export type EventBytes = Buffer | Uint8Array | string | null | undefined;

/**
 * Parses untrusted bytes into plain JSON values, refusing oversized, non-UTF-8, too deeply nested
 * input and keys that could pollute prototypes. Throws {@link InvalidEventError}.
 */
export function parseEventJson(bytes: EventBytes, maxBytes: number): unknown {
  const text = toText(bytes, maxBytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidEventError('EVENT.INVALID_JSON', `payload is not valid JSON: ${reason}`);
  }
  assertSafeTree(value);
  return value;
}

function toText(bytes: EventBytes, maxBytes: number): string {
  if (bytes === null || bytes === undefined || bytes.length === 0) {
    throw new InvalidEventError('EVENT.INVALID_JSON', 'payload is empty');
  }
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes, 'utf8') : bytes.length;
  if (size > maxBytes) {
    throw new InvalidEventError('EVENT.INVALID_JSON', `payload is ${size} bytes, over the ${maxBytes}-byte limit`);
  }
  if (typeof bytes === 'string') return bytes;
  try {
    return utf8.decode(bytes);
  } catch {
    throw new InvalidEventError('EVENT.INVALID_JSON', 'payload is not valid UTF-8');
  }
}

/** Iterative, so a hostile tree cannot overflow the stack here either. */
function assertSafeTree(root: unknown): void {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: '', depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path, depth } = next;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_DEPTH) {
      throw new InvalidEventError('EVENT.INVALID_JSON', `payload is nested deeper than ${MAX_DEPTH} levels at ${path}`, [path]);
    }
    const isArray = Array.isArray(value);
    for (const key of Object.keys(value)) {
      const keyPath = childPath(path, key, isArray);
      if (FORBIDDEN_KEYS.has(key)) {
        const code = /^data[.[]/.test(keyPath) ? 'EVENT.INVALID_DATA' : 'EVENT.INVALID_ENVELOPE';
        throw new InvalidEventError(code, `${keyPath} is a forbidden key`, [keyPath]);
      }
      pending.push({ value: (value as Record<string, unknown>)[key], path: keyPath, depth: depth + 1 });
    }
  }
}
