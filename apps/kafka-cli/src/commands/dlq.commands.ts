import type { ParsedArgs } from '../cli/args';
import { CliError, usageError } from '../cli/cli.errors';
import type { CommandContext, CommandSpec, PositionalSpec } from '../cli/command';
import { formatFields, formatTable, truncate } from '../cli/table';
import { deadLetterInfo, DeadLetterInfo, formatOrigin, isDeadLetterTopic } from '../kafka/dead-letter-view';
import { readRanges, readRecordAt } from '../kafka/record-reader';
import { RecordView, recordView, renderValue } from '../kafka/record-view';
import { requireTopic, topicOffsets } from '../kafka/topic-offsets';

type DeadLetterEntry = Omit<RecordView, 'headers' | 'value' | 'valueFormat'> & Omit<DeadLetterInfo, 'redriveTopic'>;

const EMPTY_INFO: DeadLetterInfo = {
  originalTopic: null,
  originalPartition: null,
  originalOffset: null,
  originalTimestamp: null,
  group: null,
  errorType: null,
  errorMessage: null,
  attempts: null,
  redriveTopic: null,
};

const position: readonly PositionalSpec[] = [
  { name: 'dlq-topic', description: 'the dead-letter topic, e.g. order-created-dlq' },
  { name: 'partition', description: 'partition of the dead letter' },
  { name: 'offset', description: 'offset of the dead letter' },
];

const list: CommandSpec = {
  path: ['dlq', 'list'],
  summary: 'list dead letters: where each came from, the group that failed it, the error and the attempts',
  positionals: [],
  flags: [
    { name: 'topic', kind: 'string', placeholder: 'T', description: 'one dead-letter topic (default: every topic named <topic>-dlq)' },
    { name: 'group', kind: 'string', placeholder: 'G', description: 'only dead letters failed by this consumer group' },
  ],
  details: [
    'Reads the topics from their first stored offset to their end as of the start of the command.',
    'JSON: { "deadLetters": [{ "topic", "partition", "offset", "timestamp", "key", "originalTopic", "originalPartition",',
    '        "originalOffset", "originalTimestamp", "group", "errorType", "errorMessage", "attempts" }] } (null where a header is missing).',
  ].join('\n'),
  examples: ['dlq list --topic order-created-dlq', 'dlq list --group payment-service --json'],
  async run({ args, kafka, output }) {
    const admin = await kafka.admin();
    const only = args.string('topic');
    if (only !== undefined) await requireTopic(admin, only);
    const topics = only !== undefined ? [only] : (await admin.listTopics()).filter(isDeadLetterTopic).sort();
    const ranges = [];
    for (const topic of topics) {
      for (const p of await topicOffsets(admin, topic)) ranges.push({ topic, partition: p.partition, from: p.low, to: p.high });
    }
    const group = args.string('group');
    const deadLetters = (await readRanges(kafka, ranges))
      .map(({ topic, partition, message }) => listEntry(recordView(topic, partition, message)))
      .filter((entry) => group === undefined || entry.group === group);
    output.result({ deadLetters }, ({ deadLetters }) => renderList(deadLetters, topics));
  },
};

const show: CommandSpec = {
  path: ['dlq', 'show'],
  summary: 'one dead letter: its dead-letter details, every header decoded, the value (JSON pretty-printed)',
  positionals: position,
  flags: [],
  details: [
    'Works on any record; one without dlq-* headers is shown with "deadLetter": null.',
    'JSON: { "topic", "partition", "offset", "timestamp", "key", "headers", "value", "valueFormat" (json|text|base64|null),',
    '        "deadLetter": { "originalTopic", ..., "group", "errorType", "errorMessage", "attempts", "redriveTopic" } | null }.',
  ].join('\n'),
  examples: ['dlq show order-created-dlq 0 12'],
  async run(context) {
    const { topic, partition, offset } = deadLetterPosition(context.args);
    const { message } = await readRecordAt(context.kafka, topic, partition, offset);
    const view = recordView(topic, partition, message);
    context.output.result({ ...view, deadLetter: deadLetterInfo(view.headers) }, renderShow);
  },
};

const redrive: CommandSpec = {
  path: ['dlq', 'redrive'],
  summary: 'put a dead letter back for the consumer group that failed it (and no other)',
  positionals: position,
  flags: [],
  details: [
    'The same as DeadLetterService.redrive in libs/kafka: the record goes, with its key, value and headers (without',
    'dlq-* headers), to <original topic>.<group>.redrive, which only the failing group reads, as a fresh first attempt.',
    'The dead letter itself stays where it is. Refused when the record has no usable dlq-* headers or the group has no',
    'redrive topic yet (its service creates it at start-up).',
    'JSON: { "deadLetter": { "topic", "partition", "offset" }, "group", "originalTopic", "redrivenTo": { "topic", "partition", "offset" } }.',
  ].join('\n'),
  examples: ['dlq redrive order-created-dlq 0 12'],
  async run(context: CommandContext) {
    const { topic, partition, offset } = deadLetterPosition(context.args);
    const { message } = await readRecordAt(context.kafka, topic, partition, offset);
    const view = recordView(topic, partition, message);
    const info = deadLetterInfo(view.headers);
    if (info?.redriveTopic && info.group) {
      const topics = await (await context.kafka.admin()).listTopics();
      if (!topics.includes(info.redriveTopic)) {
        throw new CliError(
          'CLI.NO_REDRIVE_TOPIC',
          `redrive topic ${info.redriveTopic} does not exist, so group ${info.group} would never read the message`,
          1,
          `the Kafka lib creates it when ${info.group}'s service starts with a handler for ${info.originalTopic}; start it, then redrive`,
        );
      }
    }
    const { redriveThroughLib } = await import('../kafka/lib-redrive');
    const result = await redriveThroughLib(context.kafka.settings, { key: message.key, value: message.value, headers: view.headers });
    const redriven = {
      deadLetter: { topic, partition, offset },
      group: result.group,
      originalTopic: result.originalTopic,
      redrivenTo: { topic: result.redrivenTo.topic, partition: result.redrivenTo.partition, offset: Number(result.redrivenTo.baseOffset) },
    };
    context.output.result(
      redriven,
      (r) => `Redrove ${topic}[${partition}]@${offset} to group ${r.group}: written to ${r.redrivenTo.topic}[${r.redrivenTo.partition}]@${r.redrivenTo.offset}, which only ${r.group} reads.`,
    );
  },
};

/** A flat object (the JSON contract of `dlq list`): where it is, then what its dlq-* headers say. */
function listEntry(view: RecordView): DeadLetterEntry {
  const info = deadLetterInfo(view.headers) ?? EMPTY_INFO;
  return {
    topic: view.topic,
    partition: view.partition,
    offset: view.offset,
    timestamp: view.timestamp,
    key: view.key,
    originalTopic: info.originalTopic,
    originalPartition: info.originalPartition,
    originalOffset: info.originalOffset,
    originalTimestamp: info.originalTimestamp,
    group: info.group,
    errorType: info.errorType,
    errorMessage: info.errorMessage,
    attempts: info.attempts,
  };
}

function deadLetterPosition(args: ParsedArgs): { topic: string; partition: number; offset: number } {
  const [topic, partition, offset] = args.positionals;
  for (const [name, raw] of [
    ['partition', partition],
    ['offset', offset],
  ] as const) {
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw usageError(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  }
  return { topic, partition: Number(partition), offset: Number(offset) };
}

function renderList(entries: readonly DeadLetterEntry[], topics: readonly string[]): string {
  if (entries.length === 0) return topics.length === 0 ? 'No dead-letter topics (none named <topic>-dlq).' : `No dead letters in ${topics.join(', ')}.`;
  const error = (e: DeadLetterEntry): string => truncate([e.errorType, e.errorMessage].filter((part) => part !== null).join(': ') || '-', 60);
  return formatTable(
    [
      { header: 'topic' },
      { header: 'partition', align: 'right' },
      { header: 'offset', align: 'right' },
      { header: 'original' },
      { header: 'group' },
      { header: 'error' },
      { header: 'attempts', align: 'right' },
      { header: 'timestamp' },
    ],
    entries.map((e) => [e.topic, String(e.partition), String(e.offset), formatOrigin(e), e.group ?? '-', error(e), e.attempts === null ? '-' : String(e.attempts), e.timestamp ?? '-']),
  );
}

function renderShow(record: RecordView & { deadLetter: DeadLetterInfo | null }): string {
  const { deadLetter: info } = record;
  const sections = [
    formatFields([
      ['record', `${record.topic}[${record.partition}]@${record.offset}`],
      ['timestamp', record.timestamp ?? '-'],
      ['key', record.key ?? '(null)'],
    ]),
  ];
  if (info === null) {
    sections.push('Not a dead letter: the record has no dlq-* headers.');
  } else {
    sections.push(
      formatFields([
        ['original', `${formatOrigin(info)}${info.originalTimestamp ? ` at ${info.originalTimestamp}` : ''}`],
        ['failed by group', info.group ?? '-'],
        ['error type', info.errorType ?? '-'],
        ['error message', info.errorMessage ?? '-'],
        ['attempts', info.attempts === null ? '-' : String(info.attempts)],
        ['redrive to', info.redriveTopic ?? '(cannot be redriven: dlq-* headers incomplete)'],
      ]),
    );
  }
  const headers = Object.entries(record.headers).sort(([a], [b]) => a.localeCompare(b));
  sections.push(headers.length === 0 ? 'Headers: none' : `Headers:\n${formatTable([{ header: 'name' }, { header: 'value' }], headers)}`);
  sections.push(`Value (${record.valueFormat}):\n${renderValue(record, true)}`);
  return sections.join('\n\n');
}

export const dlqCommands: readonly CommandSpec[] = [list, show, redrive];
