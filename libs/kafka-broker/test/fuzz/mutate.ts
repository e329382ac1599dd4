import type { Frame } from './corpus';

/** A small seeded PRNG (mulberry32), so a failing run can be replayed with FUZZ_SEED. */
export class Rng {
  constructor(private state: number) {}

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = this.int(256);
    return b;
  }
}

export interface Mutation {
  kind: string;
  bytes: Buffer;
}

const HEADER_FIXED = 8; // api key, version, correlation id
const LIES = [0x7fffffff, -1, -2, 0x00ffffff, 65_536, 1_000_000, -0x80000000];

function withSize(body: Buffer, size = body.length): Buffer {
  const prefix = Buffer.alloc(4);
  prefix.writeInt32BE(size, 0);
  return Buffer.concat([prefix, body]);
}

/**
 * Mutations after which a connection may be answered, wait for more bytes or be closed: the
 * broker's only duty is to survive them and leave other connections alone.
 */
export function anyMutation(rng: Rng, corpus: readonly Frame[]): Mutation {
  const frame = rng.pick(corpus);
  const body = Buffer.from(frame.subarray(4));
  switch (rng.int(7)) {
    case 0: {
      const flips = 1 + rng.int(8);
      for (let i = 0; i < flips; i++) body[rng.int(body.length)] ^= 1 << rng.int(8);
      return { kind: 'flip', bytes: withSize(body) };
    }
    case 1:
      return { kind: 'truncate', bytes: withSize(body.subarray(0, rng.int(body.length))) };
    case 2: {
      // a size that claims more or fewer bytes than follow
      const size = rng.int(2) ? body.length + 1 + rng.int(1000) : rng.int(body.length);
      return { kind: 'size-lie', bytes: withSize(body, size) };
    }
    case 3: {
      if (body.length >= HEADER_FIXED + 4) body.writeInt32BE(rng.pick(LIES), HEADER_FIXED + rng.int(body.length - HEADER_FIXED - 3));
      return { kind: 'count-lie', bytes: withSize(body) };
    }
    case 4: {
      body.writeInt16BE(rng.int(20) - 2, 2);
      return { kind: 'version-swap', bytes: withSize(body) };
    }
    case 5: {
      const other = rng.pick(corpus).subarray(4);
      const spliced = Buffer.concat([body.subarray(0, rng.int(body.length)), other.subarray(rng.int(other.length))]);
      return { kind: 'splice', bytes: withSize(spliced) };
    }
    default:
      return { kind: 'garbage', bytes: withSize(rng.bytes(rng.int(200))) };
  }
}

/** Mutations a Kafka broker must answer by closing the connection. */
export function closingMutation(rng: Rng, corpus: readonly Frame[], supported: ReadonlyMap<number, { min: number; max: number }>, maxFrameBytes: number): Mutation {
  const body = Buffer.from(rng.pick(corpus).subarray(4));
  switch (rng.int(5)) {
    case 0: {
      let key: number;
      do key = rng.pick([-1, -32768, 32767, 67, 1000, rng.int(32768)]);
      while (supported.has(key));
      body.writeInt16BE(key, 0);
      return { kind: 'unknown-api-key', bytes: withSize(body) };
    }
    case 1: {
      const key = body.readInt16BE(0);
      const range = supported.get(key);
      if (!range || key === 18) return { kind: 'negative-size', bytes: withSize(body, -1 - rng.int(1000)) };
      body.writeInt16BE(rng.int(2) ? range.max + 1 + rng.int(100) : -1 - rng.int(100), 2);
      return { kind: 'unsupported-version', bytes: withSize(body) };
    }
    case 2:
      return { kind: 'oversize', bytes: withSize(body, maxFrameBytes + 1 + rng.int(0x7fffffff - maxFrameBytes - 1)) };
    case 3:
      return { kind: 'negative-size', bytes: withSize(body, -1 - rng.int(1 << 30)) };
    default:
      return { kind: 'truncated-header', bytes: withSize(body.subarray(0, rng.int(HEADER_FIXED))) };
  }
}
