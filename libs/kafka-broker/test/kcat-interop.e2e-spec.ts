import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { AssignerProtocol } from 'kafkajs';
import type { RunningBroker } from '../src';
import { describeWith, kcat, run } from './external-clients';
import { eventually, kafkaFor, uniqueName, useBroker } from './helpers';

interface KcatMetadata {
  brokers: { id: number; name: string }[];
  topics: { topic: string; error?: string; partitions: { partition: number; leader: number; replicas: { id: number }[] }[] }[];
}

/** Lines "key|value" with keys and values of varied length, including multi-byte UTF-8. */
function keyedLines(count: number, prefix: string): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const key = `${prefix}-${i}-ключ`;
    const value = randomBytes(1 + (i % 97)).toString('base64') + (i % 5 === 0 ? '-é€😀' : '');
    lines.push(`${key}|${value}`);
  }
  return lines;
}

function sha256OfSorted(lines: string[]): string {
  return createHash('sha256')
    .update([...lines].sort().join('\n'))
    .digest('hex');
}

async function createTopic(broker: () => RunningBroker, topic: string, numPartitions: number): Promise<void> {
  const admin = kafkaFor(broker()).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

describeWith(kcat)('librdkafka (kcat) against the broker', () => {
  describe('metadata of a three-node cluster', () => {
    const broker = useBroker({ nodes: 3 });

    it('lists every node and the topics with the partition counts they were created with (-L)', async () => {
      const [a, b] = [uniqueName('kcat-meta-a'), uniqueName('kcat-meta-b')];
      await createTopic(broker, a, 1);
      await createTopic(broker, b, 5);
      const res = await run('kcat', ['-b', broker().bootstrapServers, '-L', '-J']);
      expect(res.code).toBe(0);
      const meta = JSON.parse(res.stdout.toString()) as KcatMetadata;
      expect(meta.brokers.map((n) => n.name).sort()).toEqual(
        broker()
          .nodes.map((n) => `${n.host}:${n.port}`)
          .sort(),
      );
      const byName = new Map(meta.topics.map((t) => [t.topic, t]));
      expect(byName.get(a)?.partitions).toHaveLength(1);
      expect(
        byName
          .get(b)
          ?.partitions.map((p) => p.partition)
          .sort(),
      ).toEqual([0, 1, 2, 3, 4]);
      for (const p of byName.get(b)!.partitions) {
        expect([0, 1, 2]).toContain(p.leader);
        expect(p.replicas).toEqual([{ id: p.leader }]);
      }
      // five partitions over three nodes: leadership is spread, not all on one node
      expect(new Set(byName.get(b)!.partitions.map((p) => p.leader)).size).toBe(3);
    });
  });

  describe('produce and consume', () => {
    const broker = useBroker();

    it('gives back 10,000 keyed records byte-identical (-P -K, then -C -e)', async () => {
      const topic = uniqueName('kcat-roundtrip');
      await createTopic(broker, topic, 4);
      const lines = keyedLines(10_000, 'k');
      const produced = await run('kcat', ['-b', broker().bootstrapServers, '-P', '-t', topic, '-K', '|', '-X', 'acks=all'], {
        input: lines.join('\n') + '\n',
      });
      expect(produced.stderr).not.toMatch(/fail|error/i);
      expect(produced.code).toBe(0);

      const consumed = await run('kcat', ['-b', broker().bootstrapServers, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%k|%s\n']);
      expect(consumed.code).toBe(0);
      const got = consumed.stdout
        .toString('utf8')
        .split('\n')
        .filter((l) => l.length > 0);
      expect(got).toHaveLength(10_000);
      expect(sha256OfSorted(got)).toBe(sha256OfSorted(lines));
    });

    it.each(['gzip', 'snappy', 'lz4', 'zstd'])('stores %s-compressed batches as sent and serves them back', async (codec) => {
      const topic = uniqueName(`kcat-${codec}`);
      await createTopic(broker, topic, 2);
      const lines = keyedLines(2_000, codec);
      const produced = await run('kcat', ['-b', broker().bootstrapServers, '-P', '-t', topic, '-K', '|', '-z', codec], {
        input: lines.join('\n') + '\n',
      });
      expect(produced.code).toBe(0);
      const consumed = await run('kcat', ['-b', broker().bootstrapServers, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%k|%s\n']);
      const got = consumed.stdout
        .toString('utf8')
        .split('\n')
        .filter((l) => l.length > 0);
      expect(got).toHaveLength(lines.length);
      expect(sha256OfSorted(got)).toBe(sha256OfSorted(lines));
    });

    it('accepts an idempotent producer and a committed transaction, visible to a read_committed consumer', async () => {
      const topic = uniqueName('kcat-eos');
      await createTopic(broker, topic, 3);
      const idempotent = keyedLines(1_000, 'idem');
      const transactional = keyedLines(500, 'txn');
      const bs = broker().bootstrapServers;
      const a = await run('kcat', ['-b', bs, '-P', '-t', topic, '-K', '|', '-X', 'enable.idempotence=true'], { input: idempotent.join('\n') + '\n' });
      expect(a.code).toBe(0);
      const b = await run('kcat', ['-b', bs, '-P', '-t', topic, '-K', '|', '-X', `transactional.id=${uniqueName('kcat-tx')}`], {
        input: transactional.join('\n') + '\n',
      });
      expect(b.stderr).toContain('Transaction successfully committed');
      expect(b.code).toBe(0);
      const consumed = await run('kcat', ['-b', bs, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%k|%s\n', '-X', 'isolation.level=read_committed']);
      const got = consumed.stdout
        .toString('utf8')
        .split('\n')
        .filter((l) => l.length > 0);
      expect(sha256OfSorted(got)).toBe(sha256OfSorted([...idempotent, ...transactional]));
    });
  });

  describe('a consumer group of two kcat processes', () => {
    const broker = useBroker();
    const members: ChildProcessWithoutNullStreams[] = [];
    afterEach(() => {
      for (const m of members.splice(0)) m.kill('SIGKILL');
    });

    it('splits a six-partition topic three and three and consumes every record once between them (-G)', async () => {
      const topic = uniqueName('kcat-group');
      const group = uniqueName('kcat-group');
      await createTopic(broker, topic, 6);
      const outputs = [0, 1].map(() => ({ stdout: '', stderr: '' }));
      for (const out of outputs) {
        const child = spawn('kcat', ['-b', broker().bootstrapServers, '-G', group, '-u', '-f', '%p|%o|%k|%s\n', '-X', 'auto.offset.reset=earliest', '-X', 'session.timeout.ms=10000', topic]);
        child.stdout.setEncoding('utf8').on('data', (c: string) => (out.stdout += c));
        child.stderr.setEncoding('utf8').on('data', (c: string) => (out.stderr += c));
        members.push(child);
      }

      const assigned = (stderr: string): number[] | undefined => {
        const all = [...stderr.matchAll(/rebalanced \(memberid [^)]*\): assigned: ([^\n]*)/g)];
        const last = all[all.length - 1];
        return last ? [...last[1].matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])).sort() : undefined;
      };
      const split = await eventually(
        () => {
          const a = outputs.map((o) => assigned(o.stderr));
          return a.every((p) => p?.length === 3) ? (a as number[][]) : undefined;
        },
        30_000,
        'both kcat members to hold three partitions',
      );
      expect([...split[0], ...split[1]].sort()).toEqual([0, 1, 2, 3, 4, 5]);
      // the broker's own view (DescribeGroups) agrees with what the members printed
      const admin = kafkaFor(broker()).admin();
      await admin.connect();
      const {
        groups: [described],
      } = await admin.describeGroups([group]);
      await admin.disconnect();
      expect(described.state).toBe('Stable');
      const held = described.members.map((m) => AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment[topic] ?? []);
      expect(held.map((p) => [...p].sort()).sort()).toEqual([...split].sort());

      const lines = keyedLines(3_000, 'g');
      const produced = await run('kcat', ['-b', broker().bootstrapServers, '-P', '-t', topic, '-K', '|'], { input: lines.join('\n') + '\n' });
      expect(produced.code).toBe(0);

      const consumedLines = (): string[] => outputs.flatMap((o) => o.stdout.split('\n').filter((l) => l.length > 0));
      await eventually(() => (consumedLines().length >= lines.length ? true : undefined), 30_000, 'kcat members to consume everything');
      const records = consumedLines().map((l) => {
        const [partition, offset, ...rest] = l.split('|');
        return { partition: Number(partition), offset: Number(offset), keyValue: rest.join('|') };
      });
      expect(records).toHaveLength(lines.length);
      expect(sha256OfSorted(records.map((r) => r.keyValue))).toBe(sha256OfSorted(lines));
      // each member read only its own partitions
      outputs.forEach((o, i) => {
        const partitions = new Set(
          o.stdout
            .split('\n')
            .filter(Boolean)
            .map((l) => Number(l.split('|')[0])),
        );
        for (const p of partitions) expect(split[i]).toContain(p);
      });
    });
  });
});
