/**
 * Messages described once as data, the way Kafka's own message definitions (clients/src/main/resources/common/
 * message/*.json) describe them, with encoders and decoders derived for every version: a field lists the versions
 * it exists in, the versions it may be null in and, for flexible versions (KIP-482), an optional tag. Flexible
 * versions use compact strings, arrays and bytes (unsigned-varint length + 1) and end every struct with its tagged
 * fields. A field absent from a version decodes as its default and is not written.
 */
import { MalformedFrameError, Reader } from './reader';
import { Writer } from './writer';

/** How one value is read and written, given the message version and whether that version is flexible. */
export interface Codec<T> {
  read(r: Reader, version: number, flexible: boolean): T;
  write(w: Writer, value: T, version: number, flexible: boolean): void;
  /** The value of a field absent from a version. */
  readonly empty: T;
}

/** A version range as Kafka's definitions spell it: "3+", "0-4", "2" or "none". */
export type Versions = string;

export function inVersions(range: Versions, version: number): boolean {
  if (range === 'none') return false;
  const plus = /^(\d+)\+$/.exec(range);
  if (plus) return version >= Number(plus[1]);
  const span = /^(\d+)-(\d+)$/.exec(range);
  if (span) return version >= Number(span[1]) && version <= Number(span[2]);
  if (/^\d+$/.test(range)) return version === Number(range);
  throw new Error(`bad version range ${JSON.stringify(range)}`);
}

interface FieldSpec<T> {
  readonly codec: Codec<T>;
  readonly versions: Versions;
  /** Flexible versions in which the field is a tagged field with this tag rather than a positional one. */
  readonly tag?: number;
  readonly defaultValue?: T;
}

/** A field of a struct: `field('1+', int32, { default: -1 })`, `field('5+', int32, { tag: 0 })`. */
export function field<T>(versions: Versions, codec: Codec<T>, opts: { tag?: number; default?: T } = {}): FieldSpec<T> {
  return { codec, versions, tag: opts.tag, defaultValue: opts.default };
}

function fixed<T>(size: number, read: (b: Buffer, at: number) => T, write: (w: Writer, v: T) => void, empty: T): Codec<T> {
  return {
    empty,
    read: (r) => {
      if (r.remaining < size) throw new MalformedFrameError(`need ${size} bytes at ${r.offset}, frame has ${r.buf.length}`);
      const v = read(r.buf, r.offset);
      r.offset += size;
      return v;
    },
    write: (w, v) => write(w, v),
  };
}

export const int8 = fixed(
  1,
  (b, at) => b.readInt8(at),
  (w, v: number) => w.int8(v),
  0,
);
export const int16 = fixed(
  2,
  (b, at) => b.readInt16BE(at),
  (w, v: number) => w.int16(v),
  0,
);
export const uint16 = fixed(
  2,
  (b, at) => b.readUInt16BE(at),
  (w, v: number) => w.int16(v > 0x7fff ? v - 0x10000 : v),
  0,
);
export const int32 = fixed(
  4,
  (b, at) => b.readInt32BE(at),
  (w, v: number) => w.int32(v),
  0,
);
/** int64 as a JS number: offsets, timestamps, sizes and producer ids all fit in 53 bits. */
export const int64 = fixed(
  8,
  (b, at) => Number(b.readBigInt64BE(at)),
  (w, v: number) => w.int64(v),
  0,
);
export const bool = fixed(
  1,
  (b, at) => b[at] !== 0,
  (w, v: boolean) => w.bool(v),
  false,
);
export const float64 = fixed(
  8,
  (b, at) => b.readDoubleBE(at),
  (w, v: number) => w.raw(doubleBytes(v)),
  0,
);
/** A UUID (topic ids) as 32 lower-case hex digits; all zeros is Kafka's "no id". */
export const uuid = fixed(
  16,
  (b, at) => b.toString('hex', at, at + 16),
  (w, v: string) => w.raw(uuidBytes(v)),
  '0'.repeat(32),
);

function doubleBytes(v: number): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeDoubleBE(v);
  return b;
}

function uuidBytes(v: string): Buffer {
  if (!/^[0-9a-f]{32}$/.test(v)) throw new Error(`bad uuid ${JSON.stringify(v)}`);
  return Buffer.from(v, 'hex');
}

function readLength(r: Reader, flexible: boolean, classic: 'int16' | 'int32'): number {
  if (flexible) return r.uvarint() - 1;
  return classic === 'int16' ? r.int16() : r.int32();
}

function writeLength(w: Writer, n: number, flexible: boolean, classic: 'int16' | 'int32'): void {
  if (flexible) w.uvarint(n + 1);
  else if (classic === 'int16') w.int16(n);
  else w.int32(n);
}

function readText(r: Reader, len: number): string {
  if (len > r.remaining) throw new MalformedFrameError(`string of ${len} in ${r.remaining} bytes`);
  const s = r.buf.toString('utf8', r.offset, r.offset + len);
  r.offset += len;
  return s;
}

export const nullableString: Codec<string | null> = {
  empty: null,
  read: (r, _v, flexible) => {
    const len = readLength(r, flexible, 'int16');
    return len < 0 ? null : readText(r, len);
  },
  write: (w, v, _version, flexible) => {
    if (v === null) return writeLength(w, -1, flexible, 'int16');
    const b = Buffer.from(v, 'utf8');
    writeLength(w, b.length, flexible, 'int16');
    w.raw(b);
  },
};

export const string: Codec<string> = {
  empty: '',
  read: (r, v, flexible) => {
    const s = nullableString.read(r, v, flexible);
    if (s === null) throw new MalformedFrameError('null where a string is required');
    return s;
  },
  write: (w, v, version, flexible) => nullableString.write(w, v, version, flexible),
};

export const nullableBytes: Codec<Buffer | null> = {
  empty: null,
  read: (r, _v, flexible) => {
    const len = readLength(r, flexible, 'int32');
    if (len < 0) return null;
    if (len > r.remaining) throw new MalformedFrameError(`bytes of ${len} in ${r.remaining} bytes`);
    const b = r.buf.subarray(r.offset, r.offset + len);
    r.offset += len;
    return b;
  },
  write: (w, v, _version, flexible) => {
    if (v === null) return writeLength(w, -1, flexible, 'int32');
    writeLength(w, v.length, flexible, 'int32');
    w.raw(v);
  },
};

export const bytes: Codec<Buffer> = {
  empty: Buffer.alloc(0),
  read: (r, v, flexible) => {
    const b = nullableBytes.read(r, v, flexible);
    if (b === null) throw new MalformedFrameError('null where bytes are required');
    return b;
  },
  write: (w, v, version, flexible) => nullableBytes.write(w, v, version, flexible),
};

export function nullableArray<T>(item: Codec<T>): Codec<T[] | null> {
  return {
    empty: null,
    read: (r, v, flexible) => {
      const n = readLength(r, flexible, 'int32');
      if (n < 0) return null;
      // Every element takes at least one byte, so a count beyond the frame is a lie.
      if (n > r.remaining) throw new MalformedFrameError(`array of ${n} in ${r.remaining} bytes`);
      const out = new Array<T>(n);
      for (let i = 0; i < n; i++) out[i] = item.read(r, v, flexible);
      return out;
    },
    write: (w, items, v, flexible) => {
      if (items === null) return writeLength(w, -1, flexible, 'int32');
      writeLength(w, items.length, flexible, 'int32');
      for (const it of items) item.write(w, it, v, flexible);
    },
  };
}

/** A non-nullable array; a null on the wire (which some clients send for "none") reads as empty. */
export function array<T>(item: Codec<T>): Codec<T[]> {
  const inner = nullableArray(item);
  return {
    empty: [],
    read: (r, v, flexible) => inner.read(r, v, flexible) ?? [],
    write: (w, items, v, flexible) => inner.write(w, items, v, flexible),
  };
}

type Fields = Record<string, FieldSpec<unknown>>;
export type StructOf<F extends Fields> = { [K in keyof F]: F[K] extends FieldSpec<infer T> ? T : never };
/** The decoded type of a codec: `type Req = Infer<typeof request>`. */
export type Infer<C> = C extends Codec<infer T> ? T : never;

function isDefault<T>(value: T, spec: FieldSpec<T>): boolean {
  const d = spec.defaultValue ?? spec.codec.empty;
  if (Array.isArray(value) && Array.isArray(d)) return value.length === 0 && d.length === 0;
  return value === d;
}

/** A struct: positional fields in order, then (in flexible versions) the tagged fields. Unknown tags are skipped. */
export function struct<F extends Fields>(fields: F): Codec<StructOf<F>> {
  const entries = Object.entries(fields);
  const empty = Object.fromEntries(entries.map(([k, s]) => [k, s.defaultValue ?? s.codec.empty])) as StructOf<F>;
  const tagged = (flexible: boolean, s: FieldSpec<unknown>) => flexible && s.tag !== undefined;
  return {
    empty,
    read: (r, v, flexible) => {
      const out: Record<string, unknown> = {};
      for (const [k, s] of entries) {
        out[k] = inVersions(s.versions, v) && !tagged(flexible, s) ? s.codec.read(r, v, flexible) : (s.defaultValue ?? s.codec.empty);
      }
      if (flexible) readTaggedFields(r, v, entries, out);
      return out as StructOf<F>;
    },
    write: (w, value, v, flexible) => {
      const record = value as Record<string, unknown>;
      for (const [k, s] of entries) {
        if (inVersions(s.versions, v) && !tagged(flexible, s)) s.codec.write(w, record[k], v, flexible);
      }
      if (flexible) writeTaggedFields(w, v, entries, record);
    },
  };
}

function readTaggedFields(r: Reader, v: number, entries: [string, FieldSpec<unknown>][], out: Record<string, unknown>): void {
  const n = r.uvarint();
  for (let i = 0; i < n; i++) {
    const tag = r.uvarint();
    const size = r.uvarint();
    if (size > r.remaining) throw new MalformedFrameError(`tagged field of ${size} in ${r.remaining} bytes`);
    const end = r.offset + size;
    const known = entries.find(([, s]) => s.tag === tag && inVersions(s.versions, v));
    if (known) {
      const sub = new Reader(r.buf.subarray(r.offset, end));
      out[known[0]] = known[1].codec.read(sub, v, true);
    }
    r.offset = end;
  }
}

function writeTaggedFields(w: Writer, v: number, entries: [string, FieldSpec<unknown>][], value: Record<string, unknown>): void {
  const present = entries.filter(([k, s]) => s.tag !== undefined && inVersions(s.versions, v) && !isDefault(value[k], s)).sort(([, a], [, b]) => (a.tag ?? 0) - (b.tag ?? 0));
  w.uvarint(present.length);
  for (const [k, s] of present) {
    const sub = new Writer();
    s.codec.write(sub, value[k], v, true);
    const body = sub.toBuffer();
    w.uvarint(s.tag ?? 0)
      .uvarint(body.length)
      .raw(body);
  }
}
