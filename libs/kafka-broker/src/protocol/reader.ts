/** Thrown when a frame is shorter than its fields claim or a length is impossible. */
export class MalformedFrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedFrameError';
  }
}

/**
 * Sequential decoder over one request frame. Every read is bounds-checked: a truncated or
 * lying frame raises MalformedFrameError, which the connection turns into a close.
 */
export class Reader {
  offset = 0;

  constructor(readonly buf: Buffer) {}

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  private need(n: number): number {
    if (n < 0 || this.offset + n > this.buf.length) {
      throw new MalformedFrameError(`need ${n} bytes at ${this.offset}, frame has ${this.buf.length}`);
    }
    const at = this.offset;
    this.offset += n;
    return at;
  }

  int8(): number {
    return this.buf.readInt8(this.need(1));
  }

  bool(): boolean {
    return this.int8() !== 0;
  }

  int16(): number {
    return this.buf.readInt16BE(this.need(2));
  }

  int32(): number {
    return this.buf.readInt32BE(this.need(4));
  }

  uint32(): number {
    return this.buf.readUInt32BE(this.need(4));
  }

  /** int64 as a JS number: offsets, timestamps and producer ids all fit in 53 bits. */
  int64(): number {
    return Number(this.buf.readBigInt64BE(this.need(8)));
  }

  uvarint(): number {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = this.buf.readUInt8(this.need(1));
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
      shift += 7;
      if (shift > 28) throw new MalformedFrameError('varint too long');
    }
  }

  varint(): number {
    const raw = this.uvarint();
    return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
  }

  string(): string {
    const len = this.int16();
    if (len < 0) throw new MalformedFrameError('null where a string is required');
    return this.text(len);
  }

  nullableString(): string | null {
    const len = this.int16();
    return len < 0 ? null : this.text(len);
  }

  compactString(): string {
    const s = this.compactNullableString();
    if (s === null) throw new MalformedFrameError('null where a compact string is required');
    return s;
  }

  compactNullableString(): string | null {
    const len = this.uvarint() - 1;
    return len < 0 ? null : this.text(len);
  }

  private text(len: number): string {
    const at = this.need(len);
    return this.buf.toString('utf8', at, at + len);
  }

  bytes(): Buffer {
    const b = this.nullableBytes();
    if (b === null) throw new MalformedFrameError('null where bytes are required');
    return b;
  }

  nullableBytes(): Buffer | null {
    const len = this.int32();
    if (len < 0) return null;
    const at = this.need(len);
    return this.buf.subarray(at, at + len);
  }

  compactBytes(): Buffer | null {
    const len = this.uvarint() - 1;
    if (len < 0) return null;
    const at = this.need(len);
    return this.buf.subarray(at, at + len);
  }

  /** A classic (int32-counted) array; null arrays (count -1) come back as null. */
  nullableArray<T>(item: (r: Reader) => T): T[] | null {
    const n = this.int32();
    if (n < 0) return null;
    return this.items(n, item);
  }

  array<T>(item: (r: Reader) => T): T[] {
    return this.nullableArray(item) ?? [];
  }

  compactArray<T>(item: (r: Reader) => T): T[] {
    const n = this.uvarint() - 1;
    return n < 0 ? [] : this.items(n, item);
  }

  private items<T>(n: number, item: (r: Reader) => T): T[] {
    // Each element takes at least one byte, so a count beyond the frame is a lie.
    if (n > this.remaining) throw new MalformedFrameError(`array of ${n} in ${this.remaining} bytes`);
    const out = new Array<T>(n);
    for (let i = 0; i < n; i++) out[i] = item(this);
    return out;
  }

  /** Tagged fields of flexible versions: none are understood here, so all are skipped. */
  skipTaggedFields(): void {
    const n = this.uvarint();
    for (let i = 0; i < n; i++) {
      this.uvarint();
      this.need(this.uvarint());
    }
  }
}
