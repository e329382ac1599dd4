import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { Admin, AssignerProtocol, Consumer, Producer } from 'kafkajs';
import { eventually, kafkaFor, uniqueName, useBroker } from './helpers';

const PARTITIONS = 6;
const SESSION_TIMEOUT_MS = 6_000;
const MEMBER_SCRIPT = path.join(__dirname, 'fixtures', 'group-member.ts');

/**
 * Three kafkajs members share a 6-partition topic; one leaves cleanly, another (in its own
 * process) is SIGKILLed and has to be noticed by its session timing out. After each rebalance
 * every partition has exactly one owner among the live members, and no record is lost.
 */
describe.each([1, 3])('consumer group rebalancing (%i-node cluster)', (nodes) => {
  const broker = useBroker({ nodes });
  let admin: Admin;
  let producer: Producer;
  let child: ChildProcess | undefined;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    admin = kafkaFor(broker()).admin();
    producer = kafkaFor(broker()).producer();
    await Promise.all([admin.connect(), producer.connect()]);
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await Promise.all(consumers.map((c) => c.disconnect()));
    await Promise.all([admin.disconnect(), producer.disconnect()]);
  });

  it('keeps one owner per partition through a clean leave and a killed member, losing no record', async () => {
    const topic = uniqueName('rebalance');
    const groupId = uniqueName('rebalance-group');
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }] });

    const consumed = new Set<string>();
    /** The partitions each member was given in the last rebalance it completed (its own view). */
    const lastJoin = new Map<string, number[]>();
    const memberIdOf = new Map<Consumer, string>();

    async function startInProcess(): Promise<Consumer> {
      const consumer = kafkaFor(broker()).consumer({ groupId, sessionTimeout: SESSION_TIMEOUT_MS, heartbeatInterval: 500, maxWaitTimeInMs: 500 });
      consumers.push(consumer);
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        memberIdOf.set(consumer, payload.memberId);
        lastJoin.set(payload.memberId, payload.memberAssignment[topic] ?? []);
      });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void consumed.add(message.value!.toString()) });
      return consumer;
    }

    function startChild(): ChildProcess {
      const proc = spawn(process.execPath, ['--import', 'tsx', MEMBER_SCRIPT, broker().bootstrapServers, topic, groupId, String(SESSION_TIMEOUT_MS)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      readline.createInterface({ input: proc.stdout }).on('line', (line) => {
        const event = JSON.parse(line) as { type: string; memberId: string; partitions: number[]; value: string };
        if (event.type === 'join') lastJoin.set(event.memberId, event.partitions);
        if (event.type === 'message') consumed.add(event.value);
      });
      return proc;
    }

    /** Waits for a Stable group of `size`; checks the broker's and the members' views agree on one owner per partition. */
    async function expectOneOwnerPerPartition(size: number): Promise<string[]> {
      return eventually(
        async () => {
          const [group] = (await admin.describeGroups([groupId])).groups;
          if (group.state !== 'Stable' || group.members.length !== size) return undefined;
          const owned = group.members.map((m) => ({
            memberId: m.memberId,
            partitions: AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment[topic] ?? [],
          }));
          // the members must have heard of their assignment too
          if (owned.some((o) => JSON.stringify(lastJoin.get(o.memberId)) !== JSON.stringify(o.partitions))) return undefined;
          expect(owned.flatMap((o) => o.partitions).sort()).toEqual([0, 1, 2, 3, 4, 5]);
          return owned.map((o) => o.memberId);
        },
        45_000,
        `a Stable group of ${size} with agreed assignments`,
      );
    }

    let produced = 0;
    const sent: string[] = [];
    async function produce(n: number): Promise<void> {
      const messages = Array.from({ length: n }, () => {
        const value = `record-${produced}`;
        sent.push(value);
        return { partition: produced++ % PARTITIONS, value };
      });
      await producer.send({ topic, messages });
    }
    const allConsumed = () => eventually(() => (sent.every((v) => consumed.has(v)) ? true : undefined), 45_000, 'every record consumed');

    await produce(30);
    const [a, b] = [await startInProcess(), await startInProcess()];
    child = startChild();
    const three = await expectOneOwnerPerPartition(3);
    await produce(30);
    await allConsumed();

    // a clean leave: LeaveGroup, then the others rebalance at their next heartbeat
    const leaving = b.disconnect();
    await produce(30);
    await leaving;
    const two = await expectOneOwnerPerPartition(2);
    expect(three).toEqual(expect.arrayContaining(two));
    expect(two).toContain(memberIdOf.get(a));
    expect(two).not.toContain(memberIdOf.get(b));
    await produce(30);
    await allConsumed();

    // a crash: no LeaveGroup; the member is dropped when its session times out
    child.kill('SIGKILL');
    await produce(30);
    const one = await expectOneOwnerPerPartition(1);
    expect(one).toEqual([memberIdOf.get(a)]);
    await produce(30);
    await allConsumed();
    expect(sent).toHaveLength(180);
  }, 120_000);
});
