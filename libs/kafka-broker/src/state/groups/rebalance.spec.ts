import { ErrorCode } from '../../protocol/error-codes';
import { PENDING, joinRequest, peek, protocols, ref, testCluster } from '../../../test/group-test-kit';
import type { ClusterState } from '../cluster';
import type { JoinResult } from './member';

/** The classic rebalance protocol, driven through the coordinator with fake timers. */
describe('group rebalance protocol', () => {
  let cluster: ClusterState;

  beforeEach(() => {
    jest.useFakeTimers();
    cluster = testCluster();
  });
  afterEach(() => {
    cluster.close();
    jest.useRealTimers();
  });

  /** A member joins an empty group alone and syncs: generation 1, Stable. */
  async function soleMember(groupId: string): Promise<JoinResult> {
    const joining = cluster.groups.join(joinRequest(groupId));
    await jest.advanceTimersByTimeAsync(0);
    const joined = await joining;
    expect(await cluster.groups.sync(ref(groupId, joined), [{ memberId: joined.memberId, assignment: Buffer.from('a1') }])).toEqual({
      errorCode: ErrorCode.NONE,
      assignment: Buffer.from('a1'),
    });
    return joined;
  }

  it('answers MEMBER_ID_REQUIRED to a v4+ member without an id, then accepts it under that id', async () => {
    const first = await cluster.groups.join(joinRequest('g', { requireKnownMemberId: true, clientId: 'app' }));
    expect(first).toMatchObject({ errorCode: ErrorCode.MEMBER_ID_REQUIRED, generationId: -1, members: [] });
    expect(first.memberId).toMatch(/^app-[0-9a-f-]{36}$/);
    expect(cluster.groups.describe('g')).toMatchObject({ state: 'Empty', members: [] });

    const joining = cluster.groups.join(joinRequest('g', { memberId: first.memberId, requireKnownMemberId: true }));
    await jest.advanceTimersByTimeAsync(0);
    const joined = await joining;
    expect(joined).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 1, protocolName: 'range', leaderId: first.memberId, memberId: first.memberId });
    expect(joined.members.map((m) => m.memberId)).toEqual([first.memberId]);
    expect(cluster.groups.describe('g').state).toBe('CompletingRebalance');
  });

  it('waits for every known member to rejoin; only the leader gets the members; followers wait for its assignment', async () => {
    const leader = await soleMember('g');
    const followerJoin = cluster.groups.join(joinRequest('g', { protocols: protocols(['range', 'follower-meta']) }));
    expect(await peek(followerJoin)).toBe(PENDING);
    expect(cluster.groups.heartbeat(ref('g', leader))).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(cluster.groups.describe('g').state).toBe('PreparingRebalance');

    const leaderRejoin = cluster.groups.join(joinRequest('g', { memberId: leader.memberId }));
    const [l, f] = await Promise.all([leaderRejoin, followerJoin]);
    expect(l).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 2, leaderId: leader.memberId });
    expect(l.members).toEqual([
      { memberId: leader.memberId, groupInstanceId: null, metadata: Buffer.from('range') },
      { memberId: f.memberId, groupInstanceId: null, metadata: Buffer.from('follower-meta') },
    ]);
    expect(f).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 2, leaderId: leader.memberId, members: [] });

    const followerSync = cluster.groups.sync(ref('g', f), []);
    expect(await peek(followerSync)).toBe(PENDING);
    const assignments = [
      { memberId: l.memberId, assignment: Buffer.from('A') },
      { memberId: f.memberId, assignment: Buffer.from('B') },
    ];
    expect(await cluster.groups.sync(ref('g', l), assignments)).toEqual({ errorCode: ErrorCode.NONE, assignment: Buffer.from('A') });
    expect(await followerSync).toEqual({ errorCode: ErrorCode.NONE, assignment: Buffer.from('B') });
    expect(cluster.groups.describe('g')).toMatchObject({ state: 'Stable', protocolName: 'range' });
    expect(cluster.groups.describe('g').members.map((m) => m.assignment.toString())).toEqual(['A', 'B']);
  });

  it('removes members that do not rejoin within the rebalance timeout and elects a leader among those that did', async () => {
    const leader = await soleMember('g');
    const other = cluster.groups.join(joinRequest('g', { rebalanceTimeoutMs: 5_000 }));
    // The leader keeps heartbeating (sessions do not lapse) but never rejoins.
    for (let i = 0; i < 6; i++) {
      await jest.advanceTimersByTimeAsync(5_000);
      cluster.groups.heartbeat(ref('g', leader));
    }
    const joined = await other;
    expect(joined).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 2, leaderId: joined.memberId });
    expect(joined.members.map((m) => m.memberId)).toEqual([joined.memberId]);
    expect(cluster.groups.heartbeat(ref('g', leader))).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('removes a member whose session expires and rebalances the rest', async () => {
    const a = await soleMember('g');
    const bJoin = cluster.groups.join(joinRequest('g', { sessionTimeoutMs: 6_000 }));
    const [a2, b] = await Promise.all([cluster.groups.join(joinRequest('g', { memberId: a.memberId })), bJoin]);
    await cluster.groups.sync(ref('g', a2), [{ memberId: b.memberId, assignment: Buffer.from('B') }]);
    await cluster.groups.sync(ref('g', b), []);

    // a keeps heartbeating, b goes silent.
    for (let t = 0; t < 6_000; t += 2_000) {
      expect(cluster.groups.heartbeat(ref('g', a2))).toBe(ErrorCode.NONE);
      await jest.advanceTimersByTimeAsync(2_000);
    }
    expect(cluster.groups.heartbeat(ref('g', b))).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(cluster.groups.heartbeat(ref('g', a2))).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const a3 = await cluster.groups.join(joinRequest('g', { memberId: a.memberId }));
    expect(a3).toMatchObject({ generationId: 3, leaderId: a.memberId });
    expect(a3.members.map((m) => m.memberId)).toEqual([a.memberId]);
  });

  it('does not expire a member while it waits in JoinGroup for slower members', async () => {
    const a = await soleMember('g');
    const bJoin = cluster.groups.join(joinRequest('g', { sessionTimeoutMs: 6_000 }));
    const [a2, b] = await Promise.all([cluster.groups.join(joinRequest('g', { memberId: a.memberId })), bJoin]);
    await cluster.groups.sync(ref('g', a2), []);
    await cluster.groups.sync(ref('g', b), []);

    // new metadata (say, a new subscription) makes a follower's rejoin start a rebalance
    const bRejoin = cluster.groups.join(joinRequest('g', { memberId: b.memberId, sessionTimeoutMs: 6_000, protocols: protocols(['range', 'v2']) }));
    // a takes 20 s (well past b's 6 s session) to notice the rebalance and rejoin
    for (let t = 0; t < 20_000; t += 2_000) {
      expect(cluster.groups.heartbeat(ref('g', a2))).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
      await jest.advanceTimersByTimeAsync(2_000);
    }
    const a3 = await cluster.groups.join(joinRequest('g', { memberId: a.memberId }));
    expect(a3.members.map((m) => m.memberId)).toEqual([a.memberId, b.memberId]);
    expect((await bRejoin).generationId).toBe(3);
  });

  it('keeps the previous leader when it rejoins, whatever the join order', async () => {
    const a = await soleMember('g');
    const bJoin = cluster.groups.join(joinRequest('g'));
    const aJoin = cluster.groups.join(joinRequest('g', { memberId: a.memberId }));
    const [b, a2] = await Promise.all([bJoin, aJoin]);
    expect(b.leaderId).toBe(a.memberId);
    expect(a2.leaderId).toBe(a.memberId);
  });

  it('selects the protocol most members prefer among those all support', async () => {
    const c = testCluster({ groupInitialRebalanceDelayMs: 100 });
    const joins = [
      c.groups.join(joinRequest('g', { protocols: protocols(['range'], ['roundrobin']) })),
      c.groups.join(joinRequest('g', { protocols: protocols(['roundrobin'], ['range'], ['sticky']) })),
      c.groups.join(joinRequest('g', { protocols: protocols(['sticky'], ['roundrobin'], ['range']) })),
    ];
    // later arrivals extend the initial delay once
    await jest.advanceTimersByTimeAsync(200);
    const results = await Promise.all(joins);
    // sticky is not supported by the first member; roundrobin gets two votes to range's one
    expect(results.map((r) => [r.errorCode, r.protocolName])).toEqual([
      [ErrorCode.NONE, 'roundrobin'],
      [ErrorCode.NONE, 'roundrobin'],
      [ErrorCode.NONE, 'roundrobin'],
    ]);
    c.close();
  });

  it('refuses a member with another protocol type or no protocol in common', async () => {
    await soleMember('g');
    expect((await cluster.groups.join(joinRequest('g', { protocolType: 'connect' }))).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect((await cluster.groups.join(joinRequest('g', { protocols: protocols(['sticky']) }))).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect((await cluster.groups.join(joinRequest('empty-protocols', { protocols: [] }))).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  });

  it('gathers members joining an empty group during the initial delay into one generation', async () => {
    const c = testCluster({ groupInitialRebalanceDelayMs: 3_000 });
    const first = c.groups.join(joinRequest('g'));
    await jest.advanceTimersByTimeAsync(2_000);
    const second = c.groups.join(joinRequest('g'));
    await jest.advanceTimersByTimeAsync(2_000);
    // the second arrival extended the delay by another 3 s
    expect(await peek(first)).toBe(PENDING);
    await jest.advanceTimersByTimeAsync(2_000);
    const [a, b] = await Promise.all([first, second]);
    expect([a.generationId, b.generationId]).toEqual([1, 1]);
    expect(a.members).toHaveLength(2);
    c.close();
  });

  it('validates the session timeout against the broker bounds', async () => {
    const c = testCluster({ groupMinSessionTimeoutMs: 6_000, groupMaxSessionTimeoutMs: 60_000 });
    expect((await c.groups.join(joinRequest('g', { sessionTimeoutMs: 5_999 }))).errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect((await c.groups.join(joinRequest('g', { sessionTimeoutMs: 60_001 }))).errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect(c.groups.describe('g').state).toBe('Dead');
    c.close();
  });

  it('answers SyncGroup and Heartbeat from the wrong generation or member as Kafka does', async () => {
    const a = await soleMember('g');
    expect(await cluster.groups.sync(ref('g', a, { generationId: 0 }), [])).toMatchObject({ errorCode: ErrorCode.ILLEGAL_GENERATION });
    expect(cluster.groups.heartbeat(ref('g', a, { generationId: 7 }))).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(cluster.groups.heartbeat(ref('g', a, { memberId: 'stranger' }))).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(cluster.groups.heartbeat(ref('nowhere', a))).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((await cluster.groups.join(joinRequest('g', { memberId: 'stranger' }))).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);

    const bJoin = cluster.groups.join(joinRequest('g'));
    // generation 1 is being replaced: its SyncGroup is refused until the member rejoins
    expect(await cluster.groups.sync(ref('g', a), [])).toMatchObject({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS });
    await cluster.groups.join(joinRequest('g', { memberId: a.memberId }));
    const b = await bJoin;
    expect(cluster.groups.heartbeat(ref('g', a))).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(cluster.groups.heartbeat(ref('g', b))).toBe(ErrorCode.NONE);
  });

  it('fails a pending follower SyncGroup with REBALANCE_IN_PROGRESS when a new rebalance starts', async () => {
    const a = await soleMember('g');
    const bJoin = cluster.groups.join(joinRequest('g'));
    await cluster.groups.join(joinRequest('g', { memberId: a.memberId }));
    const b = await bJoin;
    const bSync = cluster.groups.sync(ref('g', b), []);
    expect(await peek(bSync)).toBe(PENDING);
    void cluster.groups.join(joinRequest('g'));
    expect(await bSync).toMatchObject({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS });
  });
});
