import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ErrorCode } from '../../protocol/error-codes';
import { PENDING, joinRequest, peek, ref, testCluster } from '../../../test/group-test-kit';
import type { ClusterState } from '../cluster';
import type { JoinRequest } from './group-coordinator';
import type { JoinResult } from './member';

describe('group coordinator', () => {
  let cluster: ClusterState;

  beforeEach(() => {
    jest.useFakeTimers();
    cluster = testCluster();
  });
  afterEach(() => {
    cluster.close();
    jest.useRealTimers();
  });

  /** Joins all requests into one generation (the first one starts it) and completes the sync. */
  async function stableGroup(c: ClusterState, groupId: string, reqs: Partial<JoinRequest>[]): Promise<JoinResult[]> {
    const joins = reqs.map((r) => c.groups.join(joinRequest(groupId, r)));
    // with no initial delay, each later arrival still extends the join phase by one 0 ms turn
    for (let i = 0; i < reqs.length; i++) await jest.advanceTimersByTimeAsync(1);
    const results = await Promise.all(joins);
    const syncs = results.map((r) => c.groups.sync(ref(groupId, r, { groupInstanceId: reqs[results.indexOf(r)].groupInstanceId ?? null }), []));
    await Promise.all(syncs);
    return results;
  }

  describe('static membership', () => {
    it('a known instance rejoining gets a new member id without a rebalance, and the old id is fenced', async () => {
      const c = testCluster();
      const [s, d] = await stableGroup(c, 'g', [{ groupInstanceId: 'inst-1' }, {}]);
      expect(s.memberId).toMatch(/^inst-1-/);
      const generation = s.generationId;

      const again = await c.groups.join(joinRequest('g', { groupInstanceId: 'inst-1' }));
      expect(again).toMatchObject({ errorCode: ErrorCode.NONE, generationId: generation, members: [] });
      expect(again.memberId).not.toBe(s.memberId);
      // told the previous leader id, so that it does not compute an assignment nobody would get
      expect(again.leaderId).toBe(s.memberId);
      expect(c.groups.describe('g').state).toBe('Stable');
      expect(c.groups.heartbeat(ref('g', s, { groupInstanceId: 'inst-1' }))).toBe(ErrorCode.FENCED_INSTANCE_ID);
      expect(c.groups.heartbeat(ref('g', again, { groupInstanceId: 'inst-1' }))).toBe(ErrorCode.NONE);
      expect(c.groups.heartbeat(ref('g', d))).toBe(ErrorCode.NONE);

      // It stays the leader through the next rebalance even though it is no longer the oldest member.
      const newcomer = c.groups.join(joinRequest('g'));
      const dRejoin = c.groups.join(joinRequest('g', { memberId: d.memberId }));
      const sRejoin = c.groups.join(joinRequest('g', { memberId: again.memberId, groupInstanceId: 'inst-1' }));
      const results = await Promise.all([newcomer, dRejoin, sRejoin]);
      expect(results.map((r) => r.leaderId)).toEqual([again.memberId, again.memberId, again.memberId]);
      c.close();
    });

    it('LeaveGroup removes a batch of members by member id or by instance id', async () => {
      const [a, b] = await stableGroup(cluster, 'g', [{}, {}, { groupInstanceId: 'inst' }]);
      const res = cluster.groups.leave('g', [
        { memberId: b.memberId, groupInstanceId: null },
        { memberId: '', groupInstanceId: 'inst' },
        { memberId: 'stranger', groupInstanceId: null },
      ]);
      expect(res).toEqual({
        errorCode: ErrorCode.NONE,
        members: [
          { memberId: b.memberId, groupInstanceId: null, errorCode: ErrorCode.NONE },
          { memberId: '', groupInstanceId: 'inst', errorCode: ErrorCode.NONE },
          { memberId: 'stranger', groupInstanceId: null, errorCode: ErrorCode.UNKNOWN_MEMBER_ID },
        ],
      });
      expect(cluster.groups.describe('g').members.map((m) => m.memberId)).toEqual([a.memberId]);
      expect(cluster.groups.leave('unknown', [{ memberId: 'x', groupInstanceId: null }]).members[0].errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    });
  });

  describe('offset commits', () => {
    it('allows a simple commit (generation -1, no member) only while the group has no members', async () => {
      expect(cluster.groups.validateCommit({ groupId: 'simple', generationId: -1, memberId: '', groupInstanceId: null })).toBe(ErrorCode.NONE);
      expect(cluster.groups.describe('simple')).toMatchObject({ state: 'Empty', protocolType: '' });

      const [m] = await stableGroup(cluster, 'g', [{}]);
      const simple = { groupId: 'g', generationId: -1, memberId: '', groupInstanceId: null };
      expect(cluster.groups.validateCommit(simple)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
      expect(cluster.groups.validateCommit(ref('g', m))).toBe(ErrorCode.NONE);
      expect(cluster.groups.validateCommit(ref('g', m, { generationId: 0 }))).toBe(ErrorCode.ILLEGAL_GENERATION);
      expect(cluster.groups.validateCommit(ref('g', m, { memberId: 'stranger' }))).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
      expect(cluster.groups.validateCommit({ groupId: 'never-seen', generationId: 3, memberId: 'x', groupInstanceId: null })).toBe(ErrorCode.ILLEGAL_GENERATION);

      cluster.groups.leave('g', [{ memberId: m.memberId, groupInstanceId: null }]);
      expect(cluster.groups.validateCommit(simple)).toBe(ErrorCode.NONE);
    });

    it('answers REBALANCE_IN_PROGRESS between JoinGroup and the assignment', async () => {
      const joining = cluster.groups.join(joinRequest('g'));
      await jest.advanceTimersByTimeAsync(0);
      const m = await joining;
      expect(cluster.groups.validateCommit(ref('g', m))).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    });
  });

  describe('admin', () => {
    it('lists groups (offset-only ones included) and describes unknown ones as Dead', async () => {
      cluster.groups.offsets.commit('offsets-only', 't', 0, 5, null);
      await stableGroup(cluster, 'live', [{}]);
      expect(cluster.groups.list(() => true)).toEqual([
        { groupId: 'live', protocolType: 'consumer', state: 'Stable' },
        { groupId: 'offsets-only', protocolType: '', state: 'Empty' },
      ]);
      expect(cluster.groups.list((id) => id !== 'live').map((g) => g.groupId)).toEqual(['offsets-only']);
      expect(cluster.groups.describe('nope')).toEqual({ state: 'Dead', protocolType: '', protocolName: '', members: [] });
    });

    it('deletes only empty groups, with their offsets', async () => {
      const [m] = await stableGroup(cluster, 'g', [{}]);
      cluster.groups.offsets.commit('g', 't', 0, 5, null);
      expect(cluster.groups.delete('g')).toBe(ErrorCode.NON_EMPTY_GROUP);
      cluster.groups.leave('g', [{ memberId: m.memberId, groupInstanceId: null }]);
      expect(cluster.groups.delete('g')).toBe(ErrorCode.NONE);
      expect(cluster.groups.offsets.get('g', 't', 0)).toBeUndefined();
      expect(cluster.groups.describe('g').state).toBe('Dead');
      expect(cluster.groups.delete('g')).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
    });
  });

  it('leaves no timer behind on close, even mid-rebalance', async () => {
    const c = testCluster({ groupInitialRebalanceDelayMs: 1_000 });
    const before = jest.getTimerCount();
    const pending = c.groups.join(joinRequest('g'));
    expect(jest.getTimerCount()).toBeGreaterThan(before);
    c.close();
    expect(jest.getTimerCount()).toBe(before);
    expect(await peek(pending)).toBe(PENDING);
  });

  it('keeps generations increasing across a restart from the data directory', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'groups-'));
    try {
      const first = testCluster({ dataDir });
      const [m] = await stableGroup(first, 'g', [{}]);
      first.groups.leave('g', [{ memberId: m.memberId, groupInstanceId: null }]);
      first.close();

      const second = testCluster({ dataDir });
      expect(second.groups.describe('g')).toMatchObject({ state: 'Empty', protocolType: 'consumer' });
      const [again] = await stableGroup(second, 'g', [{}]);
      expect(again.generationId).toBe(3);
      second.close();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
