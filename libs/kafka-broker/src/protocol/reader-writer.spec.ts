import { MalformedFrameError, Reader } from './reader';
import { Writer } from './writer';

describe('Reader and Writer', () => {
  it('round-trips every field type', () => {
    const big = Buffer.alloc(5000, 7);
    const w = new Writer()
      .int8(-5)
      .bool(true)
      .int16(-300)
      .int32(-70000)
      .uint32(0xfffffff0)
      .int64(2 ** 40 + 3)
      .int64(-1)
      .uvarint(300)
      .string('héllo')
      .nullableString(null)
      .compactString('ok')
      .compactString(null)
      .nullableBytes(Buffer.from([1, 2]))
      .nullableBytes(null)
      .nullableBytes(big)
      .array([1, 2, 3], (w, n) => w.int32(n))
      .array(null, (w, n: number) => w.int32(n))
      .compactArray(['a', 'b'], (w, s) => w.compactString(s))
      .emptyTaggedFields();
    const r = new Reader(w.toBuffer());
    expect(r.int8()).toBe(-5);
    expect(r.bool()).toBe(true);
    expect(r.int16()).toBe(-300);
    expect(r.int32()).toBe(-70000);
    expect(r.uint32()).toBe(0xfffffff0);
    expect(r.int64()).toBe(2 ** 40 + 3);
    expect(r.int64()).toBe(-1);
    expect(r.uvarint()).toBe(300);
    expect(r.string()).toBe('héllo');
    expect(r.nullableString()).toBeNull();
    expect(r.compactString()).toBe('ok');
    expect(r.compactNullableString()).toBeNull();
    expect([...r.bytes()]).toEqual([1, 2]);
    expect(r.nullableBytes()).toBeNull();
    expect(r.bytes().equals(big)).toBe(true);
    expect(r.array((r) => r.int32())).toEqual([1, 2, 3]);
    expect(r.nullableArray((r) => r.int32())).toBeNull();
    expect(r.compactArray((r) => r.compactString())).toEqual(['a', 'b']);
    r.skipTaggedFields();
    expect(r.remaining).toBe(0);
  });

  it('keeps large raw buffers as references instead of copying them', () => {
    const big = Buffer.alloc(4096, 1);
    const chunks = new Writer().int32(1).raw(big).int32(2).toChunks();
    expect(chunks).toContain(big);
  });

  it('reads signed varints in zig-zag form', () => {
    const r = new Reader(Buffer.from([0x01, 0x02, 0x03, 0xac, 0x02]));
    expect([r.varint(), r.varint(), r.varint(), r.varint()]).toEqual([-1, 1, -2, 150]);
  });

  it('raises MalformedFrameError when a length runs past the frame', () => {
    expect(() => new Reader(Buffer.from([0, 10, 65])).string()).toThrow(MalformedFrameError);
    expect(() => new Reader(Buffer.from([0, 0, 0, 50, 1])).bytes()).toThrow(MalformedFrameError);
    expect(() => new Reader(Buffer.from([0x7f, 0xff, 0xff, 0xff])).array((r) => r.int8())).toThrow(MalformedFrameError);
    expect(() => new Reader(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x01])).uvarint()).toThrow(MalformedFrameError);
  });
});
