import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { PYTHON, describeWith, kafkaPython, run } from './external-clients';
import { kafkaFor, uniqueName, useBroker } from './helpers';

const SCRIPT = path.join(__dirname, 'fixtures', 'kafka_python_client.py');

interface Consumed {
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
}

function jsonLines<T>(stdout: Buffer): T[] {
  return stdout
    .toString()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);
}

async function consume(bootstrap: string, topic: string, group: string, expected: number) {
  const res = await run(PYTHON, [SCRIPT, 'consume', bootstrap, topic, group, String(expected)], { timeoutMs: 55_000 });
  if (res.code !== 0) throw new Error(`kafka-python consumer exited ${res.code}: ${res.stderr}`);
  const lines = jsonLines<Consumed | { committed: Record<string, number> }>(res.stdout);
  const last = lines.pop() as { committed: Record<string, number> };
  return { records: lines as Consumed[], committed: last.committed };
}

describeWith(kafkaPython)('kafka-python against the broker', () => {
  const broker = useBroker();

  it('a group consumer reads back exactly what was produced, commits, and a restart of the group finds nothing left', async () => {
    const topic = uniqueName('py-interop');
    const group = uniqueName('py-group');
    const admin = kafkaFor(broker()).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();

    const records = Array.from({ length: 300 }, (_, i) => ({
      key: Buffer.from(`key-${i}`).toString('base64'),
      value: randomBytes(1 + (i % 300)).toString('base64'),
    }));
    const produced = await run(PYTHON, [SCRIPT, 'produce', broker().bootstrapServers, topic], {
      input: records.map((r) => JSON.stringify(r)).join('\n') + '\n',
    });
    expect(produced.stderr).toBe('');
    expect(produced.code).toBe(0);
    const placed = jsonLines<{ partition: number; offset: number }>(produced.stdout);
    expect(placed).toHaveLength(records.length);
    const expected = records.map((r, i) => ({ ...placed[i], ...r })).sort(byPosition);

    const first = await consume(broker().bootstrapServers, topic, group, records.length);
    expect([...first.records].sort(byPosition)).toEqual(expected);

    const ends: Record<string, number> = {};
    for (const p of placed) ends[p.partition] = Math.max(ends[p.partition] ?? 0, p.offset + 1);
    expect(first.committed).toEqual(ends);

    const again = await consume(broker().bootstrapServers, topic, group, 0);
    expect(again.records).toEqual([]);
  });

  it('its admin client creates, describes, grows and deletes a topic and sees a group and its offsets', async () => {
    const [topic, offsetsTopic, group] = [uniqueName('py-admin'), uniqueName('py-admin-offsets'), uniqueName('py-admin-group')];
    const admin = kafkaFor(broker()).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: offsetsTopic, numPartitions: 1 }], waitForLeaders: true });
    await admin.setOffsets({ groupId: group, topic: offsetsTopic, partitions: [{ partition: 0, offset: '2' }] });
    await admin.disconnect();

    const res = await run(PYTHON, [SCRIPT, 'admin', broker().bootstrapServers, topic, group], { timeoutMs: 55_000 });
    expect(res.stderr).toBe('');
    expect(JSON.parse(res.stdout.toString())).toEqual({
      create_errors: [0],
      listed: true,
      retention_ms: '60000',
      grow_errors: [0],
      partitions: 4,
      groups: expect.arrayContaining([group]),
      group_state: 'Empty',
      group_offsets: { 0: 2 },
      delete_errors: [0],
      listed_after_delete: false,
    });
  });
});

function byPosition(a: { partition: number; offset: number }, b: { partition: number; offset: number }): number {
  return a.partition - b.partition || a.offset - b.offset;
}
