import { randomUUID } from 'node:crypto';
import type { CommandSpec } from '../cli/command';
import { oneLine } from '../cli/table';
import { RecordView, recordView, renderValue } from '../kafka/record-view';
import { requireTopic } from '../kafka/topic-offsets';

const consume: CommandSpec = {
  path: ['consume'],
  summary: 'print records of a topic as they arrive',
  positionals: [{ name: 'topic', description: 'an existing topic' }],
  flags: [
    { name: 'group', kind: 'string', placeholder: 'G', description: 'read as a member of group G, from its committed offsets, committing what is printed' },
    { name: 'from-beginning', kind: 'boolean', description: 'start at the first stored record (with --group: only where G has committed nothing)' },
    { name: 'max', kind: 'integer', placeholder: 'N', description: 'stop after N records', min: 1 },
    { name: 'timeout-ms', kind: 'integer', placeholder: 'T', description: 'stop once no record has arrived for T ms (counted from joining the group)', min: 1 },
  ],
  details: [
    'Without --group it reads in a throw-away group (deleted on exit) from the end of each partition, or from the',
    'start with --from-beginning. Runs until --max, --timeout-ms or Ctrl-C; with --group, exactly the printed records',
    'are committed. Mind that a running `consume --group G` is a member of G, like any consumer.',
    'JSON: one object per line: { "topic", "partition", "offset", "timestamp", "key", "headers", "value", "valueFormat" }.',
  ].join('\n'),
  examples: ['consume order-created --from-beginning --max 10', 'consume payment-processed --json | jq .value'],
  handlesSignals: true,
  async run({ args, kafka, output, signal }) {
    const [topic] = args.positionals;
    await requireTopic(await kafka.admin(), topic);
    const group = args.string('group');
    const groupId = group ?? `${kafka.settings.clientId}.consume.${randomUUID()}`;
    const max = args.integer('max') ?? Number.POSITIVE_INFINITY;
    const idleMs = args.integer('timeout-ms');
    const consumer = kafka.kafka.consumer({ groupId, maxWaitTimeInMs: 200, allowAutoTopicCreation: false });
    let printed = 0;
    let stopped = false;
    let stop!: () => void;
    const done = new Promise<void>((resolve) => (stop = resolve));
    let idle: NodeJS.Timeout | undefined;
    const restartIdleTimer = (): void => {
      clearTimeout(idle);
      if (idleMs !== undefined) idle = setTimeout(finish, idleMs);
    };
    function finish(): void {
      stopped = true;
      clearTimeout(idle);
      stop();
    }
    let crash: Error | undefined;
    signal.addEventListener('abort', finish, { once: true });
    try {
      await kafka.connect(consumer);
      await consumer.subscribe({ topics: [topic], fromBeginning: args.boolean('from-beginning') });
      consumer.on(consumer.events.GROUP_JOIN, restartIdleTimer);
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (payload.restart) return;
        crash = payload.error;
        finish();
      });
      output.text(HEADER);
      const running = consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
          let next: string | undefined;
          for (const message of batch.messages) {
            if (stopped || printed >= max) break;
            output.item(recordView(batch.topic, batch.partition, message), renderRow);
            resolveOffset(message.offset);
            next = String(Number(message.offset) + 1);
            printed++;
            restartIdleTimer();
          }
          if (group && next !== undefined) await commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }] });
          if (printed >= max) finish();
        },
      });
      await Promise.race([done, running.then(() => done)]);
      if (crash) throw crash;
    } finally {
      signal.removeEventListener('abort', finish);
      clearTimeout(idle);
      await consumer.disconnect().catch(() => undefined);
      if (!group)
        await kafka
          .admin()
          .then((admin) => admin.deleteGroups([groupId]))
          .catch(() => undefined);
    }
    output.note(`${printed} record(s)`);
  },
};

/** Rows are printed as they arrive, so widths are fixed: a key longer than a UUID pushes its value right. */
const KEY_WIDTH = 36;
const HEADER = `PARTITION  OFFSET  ${'TIMESTAMP'.padEnd(24)}  ${'KEY'.padEnd(KEY_WIDTH)}  VALUE`;

/** A streamed row: fixed-width position columns, then the key, then the value on one line; headers below it. */
function renderRow(view: RecordView): string {
  const row =
    `${String(view.partition).padStart(9)}  ${String(view.offset).padStart(6)}  ${(view.timestamp ?? '-').padEnd(24)}  ${oneLine(view.key ?? '(null)').padEnd(KEY_WIDTH)}  ${oneLine(renderValue(view))}`.trimEnd();
  const headers = Object.entries(view.headers).map(([k, v]) => `${k}=${v}`);
  return headers.length === 0 ? row : `${row}\n${''.padStart(11)}headers: ${headers.join(', ')}`;
}

export const consumeCommands: readonly CommandSpec[] = [consume];
