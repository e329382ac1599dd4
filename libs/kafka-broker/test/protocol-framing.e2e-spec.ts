import { ApiKey, ErrorCode } from '../src';
import type { Reader } from '../src/protocol/reader';
import { RawClient } from './raw-client';
import { uniqueName, useBroker } from './helpers';

function apiRanges(r: Reader, compact: boolean): Map<number, [number, number]> {
  const out = new Map<number, [number, number]>();
  const entries = compact
    ? r.compactArray((r) => {
        const e: [number, number, number] = [r.int16(), r.int16(), r.int16()];
        r.skipTaggedFields();
        return e;
      })
    : r.array((r) => [r.int16(), r.int16(), r.int16()] as [number, number, number]);
  for (const [key, min, max] of entries) out.set(key, [min, max]);
  return out;
}

describe('protocol framing and ApiVersions', () => {
  const broker = useBroker();
  let client: RawClient;

  beforeEach(async () => {
    client = await RawClient.connect(broker().bootstrapServers);
  });
  afterEach(() => client.close());

  it('answers ApiVersions v0 with every advertised range, group APIs starting at version 0', async () => {
    const r = await client.request(ApiKey.ApiVersions, 0, () => undefined);
    expect(r.int16()).toBe(ErrorCode.NONE);
    const ranges = apiRanges(r, false);
    expect(ranges.get(ApiKey.Produce)).toEqual([3, 7]);
    expect(ranges.get(ApiKey.Fetch)).toEqual([4, 11]);
    expect(ranges.get(ApiKey.Metadata)).toEqual([0, 6]);
    expect(ranges.get(ApiKey.ApiVersions)).toEqual([0, 3]);
    for (const key of [ApiKey.JoinGroup, ApiKey.SyncGroup, ApiKey.Heartbeat, ApiKey.LeaveGroup, ApiKey.FindCoordinator]) {
      if (ranges.has(key)) expect(ranges.get(key)![0]).toBe(0);
    }
  });

  it('answers a flexible ApiVersions v3 with a v0 response header and a compact body, and keeps the connection', async () => {
    const r = await client.request(ApiKey.ApiVersions, 3, (w) => w.compactString('librdkafka').compactString('2.0.2').emptyTaggedFields(), true);
    // header v0: the error code follows the correlation id directly, with no tag section between
    expect(r.int16()).toBe(ErrorCode.NONE);
    const ranges = apiRanges(r, true);
    expect(ranges.get(ApiKey.Produce)).toEqual([3, 7]);
    expect(r.int32()).toBe(0); // throttle time
    r.skipTaggedFields();
    expect(r.remaining).toBe(0);
    const again = await client.request(ApiKey.ApiVersions, 1, () => undefined);
    expect(again.int16()).toBe(ErrorCode.NONE);
  });

  it('answers ApiVersions above its range with UNSUPPORTED_VERSION and the ranges, in the v0 shape', async () => {
    const r = await client.request(ApiKey.ApiVersions, 9, (w) => w.compactString('x').compactString('1').emptyTaggedFields(), true);
    expect(r.int16()).toBe(ErrorCode.UNSUPPORTED_VERSION);
    expect(apiRanges(r, false).get(ApiKey.ApiVersions)).toEqual([0, 3]);
  });

  it('answers pipelined requests in request order, even when an earlier one long-polls', async () => {
    const topic = uniqueName('pipeline');
    await client.request(ApiKey.Metadata, 4, (w) => w.array([topic], (w, t) => w.string(t)).bool(true));
    const fetch = client.frame(ApiKey.Fetch, 4, (w) => {
      w.int32(-1)
        .int32(300)
        .int32(1)
        .int32(1 << 20)
        .int8(0);
      w.array([topic], (w, t) =>
        w.string(t).array([0], (w, p) =>
          w
            .int32(p)
            .int64(0)
            .int32(1 << 20),
        ),
      );
    });
    const versions = client.frame(ApiKey.ApiVersions, 0, () => undefined);
    client.write(Buffer.concat([fetch.bytes, versions.bytes]));
    const first = await client.next();
    const second = await client.next();
    expect(first.readInt32BE(0)).toBe(fetch.correlationId);
    expect(second.readInt32BE(0)).toBe(versions.correlationId);
  });

  it('sends no response to an acks=0 produce, but answers the next request', async () => {
    const topic = uniqueName('acks0');
    await client.request(ApiKey.Metadata, 4, (w) => w.array([topic], (w, t) => w.string(t)).bool(true));
    const produce = client.frame(ApiKey.Produce, 3, (w) => {
      w.nullableString(null).int16(0).int32(1000);
      w.array([topic], (w, t) => w.string(t).array([0], (w, p) => w.int32(p).nullableBytes(null)));
    });
    const versions = client.frame(ApiKey.ApiVersions, 0, () => undefined);
    client.write(Buffer.concat([produce.bytes, versions.bytes]));
    const next = await client.next();
    expect(next.readInt32BE(0)).toBe(versions.correlationId);
  });

  it('closes the connection on an unknown API key, and the broker keeps serving others', async () => {
    client.write(client.frame(9999, 0, () => undefined).bytes);
    await client.closedPromise;
    const other = await RawClient.connect(broker().bootstrapServers);
    const r = await other.request(ApiKey.ApiVersions, 0, () => undefined);
    expect(r.int16()).toBe(ErrorCode.NONE);
    other.close();
  });

  it('closes the connection on a truncated request body', async () => {
    // Metadata v1 claiming one topic name of 100 bytes, with none sent
    client.write(client.frame(ApiKey.Metadata, 1, (w) => w.int32(1).int16(100)).bytes);
    await client.closedPromise;
    expect(client.closed).toBe(true);
  });
});

describe('frame size limit', () => {
  const broker = useBroker({ maxFrameBytes: 4096 });

  it('closes a connection announcing a frame above maxFrameBytes without waiting for its body', async () => {
    const client = await RawClient.connect(broker().bootstrapServers);
    const header = Buffer.alloc(4);
    header.writeInt32BE(4097);
    client.write(header);
    await client.closedPromise;
    expect(client.closed).toBe(true);
  });
});
