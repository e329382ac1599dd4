import { ApiKey, ErrorCode } from '../src';
import { RawClient } from './raw-client';
import { uniqueName, useBroker } from './helpers';

/**
 * Every version of every group API, encoded and decoded by kafkajs's own per-version codecs
 * (an implementation independent of ours), sent over a bare connection.
 */
interface KafkajsRequest {
  encode(): Promise<{ buffer: Buffer }>;
}
interface KafkajsResponse {
  decode(payload: Buffer): Promise<Record<string, unknown>>;
}
type Decoded = Record<string, unknown>;

async function call<Args>(client: RawClient, apiKey: number, api: string, version: number, args: Args): Promise<Decoded> {
  const base = `kafkajs/src/protocol/requests/${api}/v${version}`;
  const request = (require(`${base}/request`) as (args: Args) => KafkajsRequest)(args);
  const response = require(`${base}/response`) as KafkajsResponse;
  const body = (await request.encode()).buffer;
  const r = await client.request(apiKey, version, (w) => w.raw(body));
  return response.decode(r.buf.subarray(r.offset));
}

const META = Buffer.from('subscription');

function joinArgs(groupId: string, memberId = '') {
  return {
    groupId,
    sessionTimeout: 10_000,
    rebalanceTimeout: 10_000,
    memberId,
    groupInstanceId: null,
    protocolType: 'consumer',
    groupProtocols: [{ name: 'range', metadata: META }],
  };
}

describe('group APIs at every supported version, through kafkajs codecs', () => {
  const broker = useBroker();
  let client: RawClient;

  beforeEach(async () => {
    client = await RawClient.connect(broker().bootstrapServers);
  });
  afterEach(() => client.close());

  /** A one-member group through JoinGroup v0 and SyncGroup v0: generation 1, Stable. */
  async function stableMember(groupId: string): Promise<string> {
    const joined = await call(client, ApiKey.JoinGroup, 'joinGroup', 0, joinArgs(groupId));
    const memberId = joined.memberId as string;
    const assignment = Buffer.from('assignment');
    const synced = await call(client, ApiKey.SyncGroup, 'syncGroup', 0, { groupId, generationId: 1, memberId, groupAssignment: [{ memberId, memberAssignment: assignment }] });
    expect(synced).toMatchObject({ errorCode: ErrorCode.NONE, memberAssignment: assignment });
    return memberId;
  }

  it.each([0, 1, 2, 3, 4, 5])('JoinGroup v%i', async (v) => {
    const groupId = uniqueName(`join-v${v}`);
    let res = await call(client, ApiKey.JoinGroup, 'joinGroup', v, joinArgs(groupId));
    if (v >= 4) {
      expect(res).toMatchObject({ errorCode: ErrorCode.MEMBER_ID_REQUIRED, generationId: -1, leaderId: '', members: [] });
      res = await call(client, ApiKey.JoinGroup, 'joinGroup', v, joinArgs(groupId, res.memberId as string));
    }
    const memberId = res.memberId as string;
    expect(memberId).toMatch(/^raw-client-/);
    expect(res).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 1, groupProtocol: 'range', leaderId: memberId });
    expect(res.members).toEqual([{ memberId, memberMetadata: META, ...(v >= 5 ? { groupInstanceId: null } : {}) }]);
  });

  it('JoinGroup refuses an empty group id', async () => {
    expect((await call(client, ApiKey.JoinGroup, 'joinGroup', 5, joinArgs(''))).errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
  });

  it.each([0, 1, 2, 3])('SyncGroup, Heartbeat and LeaveGroup v%i', async (v) => {
    const groupId = uniqueName(`sync-v${v}`);
    const joined = await call(client, ApiKey.JoinGroup, 'joinGroup', 0, joinArgs(groupId));
    const memberId = joined.memberId as string;
    const assignment = Buffer.from(`assignment-v${v}`);
    const sync = await call(client, ApiKey.SyncGroup, 'syncGroup', v, { groupId, generationId: 1, memberId, groupAssignment: [{ memberId, memberAssignment: assignment }] });
    expect(sync).toMatchObject({ errorCode: ErrorCode.NONE, memberAssignment: assignment });

    const heartbeat = (generation: number, member = memberId) => call(client, ApiKey.Heartbeat, 'heartbeat', v, { groupId, groupGenerationId: generation, memberId: member });
    expect((await heartbeat(1)).errorCode).toBe(ErrorCode.NONE);
    expect((await heartbeat(2)).errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect((await heartbeat(1, 'stranger')).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);

    const leaveArgs = (member: string) => (v >= 3 ? { groupId, members: [{ memberId: member }] } : { groupId, memberId: member });
    const stranger = await call(client, ApiKey.LeaveGroup, 'leaveGroup', v, leaveArgs('stranger'));
    if (v >= 3) {
      expect(stranger).toMatchObject({ errorCode: ErrorCode.NONE, members: [{ memberId: 'stranger', groupInstanceId: null, errorCode: ErrorCode.UNKNOWN_MEMBER_ID }] });
    } else {
      expect(stranger.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    }
    expect((await call(client, ApiKey.LeaveGroup, 'leaveGroup', v, leaveArgs(memberId))).errorCode).toBe(ErrorCode.NONE);
    const described = await call(client, ApiKey.DescribeGroups, 'describeGroups', 0, { groupIds: [groupId] });
    expect(described.groups).toEqual([expect.objectContaining({ state: 'Empty', members: [] })]);
  });

  it.each([0, 1, 2, 3, 4, 5])('OffsetCommit v%i', async (v) => {
    const groupId = uniqueName(`commit-v${v}`);
    const topic = uniqueName('commit-topic');
    broker().cluster.topics.create(topic, 2, 1, {});
    const topics = [
      {
        topic,
        partitions: [
          { partition: 0, offset: '42', metadata: 'meta' },
          { partition: 1, offset: '-1' },
          { partition: 9, offset: '1' },
        ],
      },
      { topic: uniqueName('missing'), partitions: [{ partition: 0, offset: '1' }] },
    ];
    // a simple commit: no generation, no member
    const res = await call(client, ApiKey.OffsetCommit, 'offsetCommit', v, { groupId, groupGenerationId: -1, memberId: '', retentionTime: -1, topics });
    expect(res.responses).toEqual([
      {
        topic,
        partitions: [
          { partition: 0, errorCode: ErrorCode.NONE },
          { partition: 1, errorCode: ErrorCode.NONE },
          { partition: 9, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION },
        ],
      },
      { topic: topics[1].topic, partitions: [{ partition: 0, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION }] },
    ]);
    const fetched = await call(client, ApiKey.OffsetFetch, 'offsetFetch', 1, { groupId, topics: [{ topic, partitions: [{ partition: 0 }, { partition: 1 }] }] });
    expect(fetched.responses).toEqual([
      {
        topic,
        partitions: [
          { partition: 0, offset: '42', metadata: 'meta', errorCode: ErrorCode.NONE },
          { partition: 1, offset: '-1', metadata: '', errorCode: ErrorCode.NONE },
        ],
      },
    ]);
    if (v >= 1) {
      // with members, only a current member of the current generation may commit
      const memberGroup = uniqueName(`commit-member-v${v}`);
      const memberId = await stableMember(memberGroup);
      const commit = (generation: number, member: string) =>
        call(client, ApiKey.OffsetCommit, 'offsetCommit', v, { groupId: memberGroup, groupGenerationId: generation, memberId: member, retentionTime: -1, topics: [topics[0]] });
      const errors = async (generation: number, member: string) => ((await commit(generation, member)).responses as { partitions: { errorCode: number }[] }[])[0].partitions[0].errorCode;
      expect(await errors(1, memberId)).toBe(ErrorCode.NONE);
      expect(await errors(2, memberId)).toBe(ErrorCode.ILLEGAL_GENERATION);
      expect(await errors(1, 'stranger')).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
      expect(await errors(-1, '')).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    }
  });

  it.each([1, 2, 3, 4])('OffsetFetch v%i', async (v) => {
    const groupId = uniqueName(`fetch-v${v}`);
    const topic = uniqueName('fetch-topic');
    broker().cluster.topics.create(topic, 3, 1, {});
    broker().cluster.groups.offsets.commit(groupId, topic, 1, 7, null);
    const res = await call(client, ApiKey.OffsetFetch, 'offsetFetch', v, { groupId, topics: [{ topic, partitions: [{ partition: 0 }, { partition: 1 }] }] });
    expect(res.responses).toEqual([
      {
        topic,
        partitions: [
          { partition: 0, offset: '-1', metadata: '', errorCode: ErrorCode.NONE },
          { partition: 1, offset: '7', metadata: '', errorCode: ErrorCode.NONE },
        ],
      },
    ]);
    if (v >= 2) {
      expect(res.errorCode).toBe(ErrorCode.NONE);
      // a null topic list (which kafkajs's v2 codec cannot write): every offset of the group
      const raw = await client.request(ApiKey.OffsetFetch, v, (w) => w.string(groupId).int32(-1));
      const decoder = require(`kafkajs/src/protocol/requests/offsetFetch/v${v}/response`) as KafkajsResponse;
      const all = await decoder.decode(raw.buf.subarray(raw.offset));
      expect(all.responses).toEqual([{ topic, partitions: [{ partition: 1, offset: '7', metadata: '', errorCode: ErrorCode.NONE }] }]);
    }
  });

  it.each([0, 1, 2])('DescribeGroups v%i', async (v) => {
    const groupId = uniqueName(`describe-v${v}`);
    const memberId = await stableMember(groupId);
    const unknown = uniqueName('unknown');
    const res = await call(client, ApiKey.DescribeGroups, 'describeGroups', v, { groupIds: [groupId, unknown] });
    expect(res.groups).toEqual([
      {
        errorCode: ErrorCode.NONE,
        groupId,
        state: 'Stable',
        protocolType: 'consumer',
        protocol: 'range',
        members: [{ memberId, clientId: 'raw-client', clientHost: '/127.0.0.1', memberMetadata: META, memberAssignment: Buffer.from('assignment') }],
      },
      { errorCode: ErrorCode.NONE, groupId: unknown, state: 'Dead', protocolType: '', protocol: '', members: [] },
    ]);
  });

  it.each([0, 1, 2])('ListGroups v%i', async (v) => {
    const live = uniqueName(`list-v${v}`);
    const offsetsOnly = uniqueName(`list-offsets-v${v}`);
    await stableMember(live);
    broker().cluster.groups.offsets.commit(offsetsOnly, 't', 0, 1, null);
    const res = await call(client, ApiKey.ListGroups, 'listGroups', v, {});
    expect(res.errorCode).toBe(ErrorCode.NONE);
    expect(res.groups).toEqual(
      expect.arrayContaining([
        { groupId: live, protocolType: 'consumer' },
        { groupId: offsetsOnly, protocolType: '' },
      ]),
    );
  });

  it.each([0, 1])('DeleteGroups v%i', async (v) => {
    const live = uniqueName(`delete-live-v${v}`);
    const empty = uniqueName(`delete-empty-v${v}`);
    const unknown = uniqueName(`delete-unknown-v${v}`);
    await stableMember(live);
    broker().cluster.groups.offsets.commit(empty, 't', 0, 1, null);
    const res = await call(client, ApiKey.DeleteGroups, 'deleteGroups', v, [live, empty, unknown]);
    expect((res.results as { groupId: string; errorCode: number }[]).map((r) => [r.groupId, r.errorCode])).toEqual([
      [live, ErrorCode.NON_EMPTY_GROUP],
      [empty, ErrorCode.NONE],
      [unknown, ErrorCode.GROUP_ID_NOT_FOUND],
    ]);
  });
});

describe('group APIs sent to a node that does not coordinate the group', () => {
  const broker = useBroker({ nodes: 2 });
  let client: RawClient;
  let groupId: string;

  beforeAll(() => {
    do groupId = uniqueName('elsewhere');
    while (broker().cluster.coordinatorFor(groupId).nodeId !== 1);
  });
  beforeEach(async () => {
    client = await RawClient.connect(broker().bootstrapServers.split(',')[0]);
  });
  afterEach(() => client.close());

  it('answers NOT_COORDINATOR in each API', async () => {
    const ref = { groupId, generationId: 1, groupGenerationId: 1, memberId: 'm', groupAssignment: [] };
    expect((await call(client, ApiKey.JoinGroup, 'joinGroup', 5, joinArgs(groupId))).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    expect((await call(client, ApiKey.SyncGroup, 'syncGroup', 3, ref)).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    expect((await call(client, ApiKey.Heartbeat, 'heartbeat', 3, ref)).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    expect((await call(client, ApiKey.LeaveGroup, 'leaveGroup', 3, { groupId, members: [{ memberId: 'm' }] })).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    const fetchArgs = { groupId, topics: [{ topic: 't', partitions: [{ partition: 0 }] }] };
    // v1 has no top-level error: the partitions carry it; v2+ answer with the top-level error only
    expect((await call(client, ApiKey.OffsetFetch, 'offsetFetch', 1, fetchArgs)).responses).toEqual([
      { topic: 't', partitions: [{ partition: 0, offset: '-1', metadata: '', errorCode: ErrorCode.NOT_COORDINATOR }] },
    ]);
    expect(await call(client, ApiKey.OffsetFetch, 'offsetFetch', 4, fetchArgs)).toMatchObject({ errorCode: ErrorCode.NOT_COORDINATOR, responses: [] });
    const described = await call(client, ApiKey.DescribeGroups, 'describeGroups', 2, { groupIds: [groupId] });
    expect(described.groups).toEqual([expect.objectContaining({ errorCode: ErrorCode.NOT_COORDINATOR, groupId })]);
    const deleted = await call(client, ApiKey.DeleteGroups, 'deleteGroups', 1, [groupId]);
    expect(deleted.results).toEqual([expect.objectContaining({ groupId, errorCode: ErrorCode.NOT_COORDINATOR })]);
  });

  it('lists a group only on its coordinator', async () => {
    broker().cluster.groups.offsets.commit(groupId, 't', 0, 1, null);
    const onNode0 = await call(client, ApiKey.ListGroups, 'listGroups', 2, {});
    expect((onNode0.groups as { groupId: string }[]).map((g) => g.groupId)).not.toContain(groupId);
    const node1 = await RawClient.connect(`${broker().nodes[1].host}:${broker().nodes[1].port}`);
    try {
      const onNode1 = await call(node1, ApiKey.ListGroups, 'listGroups', 2, {});
      expect(onNode1.groups).toContainEqual({ groupId, protocolType: '' });
    } finally {
      node1.close();
    }
  });
});
