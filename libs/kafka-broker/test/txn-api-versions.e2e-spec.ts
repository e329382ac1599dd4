import { ApiKey, ErrorCode } from '../src';
import { kafkaFor, uniqueName, useBroker } from './helpers';
import { RawClient } from './raw-client';

/**
 * The transaction APIs at every supported version, encoded and decoded by kafkajs's own
 * per-version codecs (an implementation independent of ours), over a bare connection.
 */
interface Codec {
  request: { encode(): Promise<{ buffer: Buffer }> };
  response: { decode(payload: Buffer): Promise<Record<string, unknown>> };
}

function codec(api: string, version: number, args: unknown): Codec {
  const base = `kafkajs/src/protocol/requests/${api}/v${version}`;
  const request = require(`${base}/request`) as (args: unknown) => Codec['request'];
  return { request: request(args), response: require(`${base}/response`) as Codec['response'] };
}

describe.each([0, 1])('transaction APIs v%i, through kafkajs codecs', (v) => {
  const broker = useBroker();
  let client: RawClient;

  beforeEach(async () => {
    client = await RawClient.connect(broker().bootstrapServers);
  });
  afterEach(() => client.close());

  async function call(apiKey: number, api: string, args: unknown): Promise<Record<string, unknown>> {
    const { request, response } = codec(api, v, args);
    const body = (await request.encode()).buffer;
    const r = await client.request(apiKey, v, (w) => w.raw(body));
    return response.decode(r.buf.subarray(r.offset));
  }

  it('runs a transaction with group offsets from InitProducerId to EndTxn', async () => {
    const topic = uniqueName('codec-txn');
    const groupId = uniqueName('codec-group');
    const transactionalId = uniqueName('codec-tx');
    broker().cluster.topics.create(topic, 2, 1, {});

    const init = await call(ApiKey.InitProducerId, 'initProducerId', { transactionalId, transactionTimeout: 30_000 });
    expect(init).toMatchObject({ errorCode: ErrorCode.NONE, producerEpoch: 0 });
    const ids = { transactionalId, producerId: init.producerId as string, producerEpoch: 0 };

    const added = await call(ApiKey.AddPartitionsToTxn, 'addPartitionsToTxn', { ...ids, topics: [{ topic, partitions: [0, 1] }] });
    expect(added.errors).toEqual([
      {
        topic,
        partitionErrors: [
          { partition: 0, errorCode: 0 },
          { partition: 1, errorCode: 0 },
        ],
      },
    ]);
    expect(await call(ApiKey.AddOffsetsToTxn, 'addOffsetsToTxn', { ...ids, groupId })).toMatchObject({ errorCode: ErrorCode.NONE });
    const offsets = await call(ApiKey.TxnOffsetCommit, 'txnOffsetCommit', {
      ...ids,
      groupId,
      topics: [{ topic, partitions: [{ partition: 1, offset: '42', metadata: 'm' }] }],
    });
    expect(offsets.topics).toEqual([{ topic, partitions: [{ partition: 1, errorCode: ErrorCode.NONE }] }]);
    expect(await call(ApiKey.EndTxn, 'endTxn', { ...ids, transactionResult: true })).toMatchObject({ errorCode: ErrorCode.NONE });

    const admin = kafkaFor(broker()).admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      expect(committed.partitions.find((p) => p.partition === 1)).toEqual({ partition: 1, offset: '42', metadata: 'm' });
      // the COMMIT markers moved both partitions' end offsets
      expect((await admin.fetchTopicOffsets(topic)).map((p) => p.high).sort()).toEqual(['1', '1']);
    } finally {
      await admin.disconnect();
    }
  });

  it('answers the errors Kafka gives: idempotent ids, unknown partitions, stale epochs, bad ends', async () => {
    const topic = uniqueName('codec-txn');
    const transactionalId = uniqueName('codec-tx');
    broker().cluster.topics.create(topic, 1, 1, {});

    const idempotent = await call(ApiKey.InitProducerId, 'initProducerId', { transactionTimeout: 1000 });
    expect(idempotent).toMatchObject({ errorCode: ErrorCode.NONE, producerEpoch: 0 });
    const tooLong = await call(ApiKey.InitProducerId, 'initProducerId', { transactionalId, transactionTimeout: 2 ** 31 - 1 });
    expect(tooLong).toMatchObject({ errorCode: ErrorCode.INVALID_TRANSACTION_TIMEOUT, producerId: '-1', producerEpoch: -1 });

    const first = await call(ApiKey.InitProducerId, 'initProducerId', { transactionalId, transactionTimeout: 1000 });
    const ids = { transactionalId, producerId: first.producerId as string, producerEpoch: first.producerEpoch as number };
    const unknown = await call(ApiKey.AddPartitionsToTxn, 'addPartitionsToTxn', { ...ids, topics: [{ topic, partitions: [0, 7] }] });
    expect(unknown.errors).toEqual([
      {
        topic,
        partitionErrors: [
          { partition: 0, errorCode: ErrorCode.OPERATION_NOT_ATTEMPTED },
          { partition: 7, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION },
        ],
      },
    ]);
    expect(await call(ApiKey.EndTxn, 'endTxn', { ...ids, transactionResult: true })).toMatchObject({ errorCode: ErrorCode.INVALID_TXN_STATE });

    const second = await call(ApiKey.InitProducerId, 'initProducerId', { transactionalId, transactionTimeout: 1000 });
    expect(second).toMatchObject({ errorCode: ErrorCode.NONE, producerId: ids.producerId, producerEpoch: ids.producerEpoch + 1 });
    expect(await call(ApiKey.AddOffsetsToTxn, 'addOffsetsToTxn', { ...ids, groupId: 'g' })).toMatchObject({ errorCode: ErrorCode.INVALID_PRODUCER_EPOCH });
    const wrongId = { ...ids, producerId: idempotent.producerId as string, producerEpoch: 1 };
    expect(await call(ApiKey.EndTxn, 'endTxn', { ...wrongId, transactionResult: false })).toMatchObject({ errorCode: ErrorCode.INVALID_PRODUCER_ID_MAPPING });
  });
});
