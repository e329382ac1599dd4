import type { Producer } from 'kafkajs';
import { ApiKey, ErrorCode } from '../src';
import { RawClient } from './raw-client';
import { kafkaFor, uniqueName, useBroker } from './helpers';

/**
 * Every version of every admin API, encoded and decoded by kafkajs's own per-version codecs
 * (an implementation independent of ours), sent over a bare connection.
 */
interface KafkajsRequest {
  encode(): Promise<{ buffer: Buffer }>;
}
interface KafkajsResponse {
  decode(payload: Buffer): Promise<Record<string, unknown>>;
}

/** kafkajs's request factory and response decoder for one version (some decoders take the request's arguments). */
function codec<Args>(api: string, version: number, args: Args): { request: KafkajsRequest; response: KafkajsResponse } {
  const base = `kafkajs/src/protocol/requests/${api}/v${version}`;
  const request = require(`${base}/request`) as (args: Args) => KafkajsRequest;
  const response = require(`${base}/response`) as KafkajsResponse | ((args: Args) => KafkajsResponse);
  return { request: request(args), response: typeof response === 'function' ? response(args) : response };
}

describe('admin APIs at every supported version, through kafkajs codecs', () => {
  const broker = useBroker();
  let client: RawClient;
  let producer: Producer;

  beforeAll(async () => {
    producer = kafkaFor(broker()).producer();
    await producer.connect();
  });
  afterAll(() => producer.disconnect());
  beforeEach(async () => {
    client = await RawClient.connect(broker().bootstrapServers);
  });
  afterEach(() => client.close());

  async function call<Args>(apiKey: number, api: string, version: number, args: Args): Promise<Record<string, unknown>> {
    const { request, response } = codec(api, version, args);
    const body = (await request.encode()).buffer;
    const r = await client.request(apiKey, version, (w) => w.raw(body));
    const decoded = await response.decode(r.buf.subarray(r.offset));
    return decoded;
  }

  it.each([0, 1, 2, 3])('CreateTopics v%i', async (v) => {
    const topic = uniqueName(`codec-create-v${v}`);
    const args = { topics: [{ topic, numPartitions: 2, replicationFactor: 1, configEntries: [{ name: 'retention.ms', value: '1000' }] }], timeout: 1000 };
    expect((await call(ApiKey.CreateTopics, 'createTopics', v, args)).topicErrors).toEqual([
      v >= 1 ? { topic, errorCode: ErrorCode.NONE, errorMessage: null } : { topic, errorCode: ErrorCode.NONE },
    ]);
    const again = (await call(ApiKey.CreateTopics, 'createTopics', v, args)).topicErrors as { errorCode: number; errorMessage?: string }[];
    expect(again[0].errorCode).toBe(ErrorCode.TOPIC_ALREADY_EXISTS);
    if (v >= 1) expect(again[0].errorMessage).toMatch(/already exists/);
    expect(broker().cluster.topics.get(topic)?.partitions).toHaveLength(2);
  });

  it.each([0, 1])('DeleteTopics v%i', async (v) => {
    const topic = uniqueName(`codec-delete-v${v}`);
    broker().cluster.topics.create(topic, 1, 1, {});
    const res = await call(ApiKey.DeleteTopics, 'deleteTopics', v, { topics: [topic, uniqueName('codec-missing')], timeout: 1000 });
    expect((res.topicErrors as { errorCode: number }[]).map((t) => t.errorCode).sort()).toEqual([ErrorCode.NONE, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
    expect(broker().cluster.topics.get(topic)).toBeUndefined();
  });

  it.each([0, 1])('DeleteRecords v%i', async (v) => {
    const topic = uniqueName(`codec-records-v${v}`);
    broker().cluster.topics.create(topic, 1, 1, {});
    await producer.send({ topic, messages: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] });
    const res = await call(ApiKey.DeleteRecords, 'deleteRecords', v, { topics: [{ topic, partitions: [{ partition: 0, offset: '2' }] }], timeout: 1000 });
    expect(res.topics).toEqual([{ topic, partitions: [{ partition: 0, lowWatermark: 2n, errorCode: ErrorCode.NONE }] }]);
  });

  it.each([0, 1, 2])('DescribeConfigs v%i', async (v) => {
    const topic = uniqueName(`codec-describe-v${v}`);
    broker().cluster.topics.create(topic, 1, 1, { 'retention.ms': '1000' });
    const res = await call(ApiKey.DescribeConfigs, 'describeConfigs', v, {
      resources: [{ type: 2, name: topic, configNames: ['retention.ms', 'cleanup.policy'] }],
      includeSynonyms: true,
    });
    const [resource] = res.resources as { errorCode: number; configEntries: Record<string, unknown>[] }[];
    expect(resource.errorCode).toBe(ErrorCode.NONE);
    const byName = new Map(resource.configEntries.map((e) => [e.configName, e]));
    expect(byName.get('retention.ms')).toMatchObject({ configValue: '1000', isDefault: false, readOnly: false, isSensitive: false });
    expect(byName.get('cleanup.policy')).toMatchObject({ configValue: 'delete', isDefault: true, configSource: 5 });
    if (v >= 1) {
      expect(byName.get('retention.ms')).toMatchObject({ configSource: 1 });
      expect(byName.get('retention.ms')!.configSynonyms).toHaveLength(2);
    }
  });

  it.each([0, 1])('AlterConfigs v%i', async (v) => {
    const topic = uniqueName(`codec-alter-v${v}`);
    broker().cluster.topics.create(topic, 1, 1, {});
    const res = await call(ApiKey.AlterConfigs, 'alterConfigs', v, {
      resources: [{ type: 2, name: topic, configEntries: [{ name: 'retention.bytes', value: '4096' }] }],
      validateOnly: false,
    });
    expect(res.resources).toEqual([{ errorCode: ErrorCode.NONE, errorMessage: null, resourceType: 2, resourceName: topic }]);
    expect(broker().cluster.topics.get(topic)!.config('retention.bytes')).toBe('4096');
  });

  it.each([0, 1])('CreatePartitions v%i', async (v) => {
    const topic = uniqueName(`codec-partitions-v${v}`);
    broker().cluster.topics.create(topic, 1, 1, {});
    const res = await call(ApiKey.CreatePartitions, 'createPartitions', v, { topicPartitions: [{ topic, count: 3 }], timeout: 1000 });
    expect(res.topicErrors).toEqual([{ topic, errorCode: ErrorCode.NONE, errorMessage: null }]);
    expect(broker().cluster.topics.get(topic)!.partitions).toHaveLength(3);
  });
});
