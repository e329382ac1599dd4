/** One protocol a member offers (for consumers: an assignor name and its subscription). */
export interface GroupProtocol {
  name: string;
  metadata: Buffer;
}

/** What a JoinGroup is answered with. `members` is filled for the leader only. */
export interface JoinResult {
  errorCode: number;
  generationId: number;
  protocolName: string;
  leaderId: string;
  memberId: string;
  members: { memberId: string; groupInstanceId: string | null; metadata: Buffer }[];
}

export interface SyncResult {
  errorCode: number;
  assignment: Buffer;
}

const EMPTY = Buffer.alloc(0);

/** The answer to a JoinGroup that failed before the member took part in a rebalance. */
export function joinError(memberId: string, errorCode: number): JoinResult {
  return { errorCode, generationId: -1, protocolName: '', leaderId: '', memberId, members: [] };
}

/**
 * A member of a group. A JoinGroup or SyncGroup that has to wait for the rest of the group
 * parks its resolver here; a retried request from the same member joins the wait and gets
 * the same answer (Kafka would drop the older one, but here it would stall that connection's
 * pipeline of in-order responses).
 */
export class GroupMember {
  assignment: Buffer = EMPTY;
  /** Joined but not yet through a completed rebalance (expires after the new-member timeout). */
  isNew = false;
  private joinWaiters: ((r: JoinResult) => void)[] = [];
  private syncWaiters: ((r: SyncResult) => void)[] = [];

  constructor(
    public memberId: string,
    readonly groupInstanceId: string | null,
    readonly clientId: string,
    readonly clientHost: string,
    public sessionTimeoutMs: number,
    public rebalanceTimeoutMs: number,
    readonly protocolType: string,
    public protocols: GroupProtocol[],
  ) {}

  get awaitingJoin(): boolean {
    return this.joinWaiters.length > 0;
  }

  get awaitingSync(): boolean {
    return this.syncWaiters.length > 0;
  }

  awaitJoin(resolve: (r: JoinResult) => void): void {
    this.joinWaiters.push(resolve);
  }

  awaitSync(resolve: (r: SyncResult) => void): void {
    this.syncWaiters.push(resolve);
  }

  /** Answers the parked JoinGroup, if any; true when there was one. */
  completeJoin(result: JoinResult): boolean {
    const waiters = this.joinWaiters;
    this.joinWaiters = [];
    for (const w of waiters) w(result);
    return waiters.length > 0;
  }

  completeSync(result: SyncResult): boolean {
    const waiters = this.syncWaiters;
    this.syncWaiters = [];
    for (const w of waiters) w(result);
    return waiters.length > 0;
  }

  supports(protocol: string): boolean {
    return this.protocols.some((p) => p.name === protocol);
  }

  metadataFor(protocol: string): Buffer {
    return this.protocols.find((p) => p.name === protocol)?.metadata ?? EMPTY;
  }

  /** Same protocols, in the same order, with the same metadata: a rejoin that changes nothing. */
  matches(protocols: GroupProtocol[]): boolean {
    return protocols.length === this.protocols.length && protocols.every((p, i) => p.name === this.protocols[i].name && p.metadata.equals(this.protocols[i].metadata));
  }

  /** The member's most preferred protocol among those every member supports. */
  vote(candidates: ReadonlySet<string>): string | undefined {
    return this.protocols.find((p) => candidates.has(p.name))?.name;
  }
}
