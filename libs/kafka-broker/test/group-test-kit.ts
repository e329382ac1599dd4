import { resolveOptions, BrokerOptions } from '../src/options';
import { ClusterState } from '../src/state/cluster';
import type { JoinRequest, MemberRef } from '../src/state/groups/group-coordinator';
import type { GroupProtocol, JoinResult } from '../src/state/groups/member';

/** For the group coordinator's unit tests: a cluster without listeners, and request builders. */
export function testCluster(options: BrokerOptions = {}): ClusterState {
  return new ClusterState(resolveOptions(options), []);
}

export function protocols(...specs: [name: string, metadata?: string][]): GroupProtocol[] {
  return specs.map(([name, metadata = name]) => ({ name, metadata: Buffer.from(metadata) }));
}

export function joinRequest(groupId: string, over: Partial<JoinRequest> = {}): JoinRequest {
  return {
    groupId,
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 30_000,
    memberId: '',
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: protocols(['range']),
    clientId: 'client',
    clientHost: '/127.0.0.1',
    requireKnownMemberId: false,
    ...over,
  };
}

export function ref(groupId: string, joined: JoinResult, over: Partial<MemberRef> = {}): MemberRef {
  return { groupId, generationId: joined.generationId, memberId: joined.memberId, groupInstanceId: null, ...over };
}

const PENDING = Symbol('pending');

/** The promise's value if it has already settled, else PENDING (works under fake timers). */
export async function peek<T>(p: Promise<T>): Promise<T | typeof PENDING> {
  return Promise.race([p, Promise.resolve(PENDING)]);
}

export { PENDING };
