import { api } from '../api';
import { h, link, message, table } from '../dom';
import { type Page, writeState } from '../page';
import { bytes, headersTable, type RecordView } from './record.view';

interface DeadLetter extends RecordView {
  errorType: string | null;
  errorMessage: string | null;
  originalTopic: string | null;
  originalPartition: number | null;
  originalOffset: string | null;
  group: string | null;
  attempts: number | null;
  redriveTopic: string | null;
}

interface RedriveAnswer {
  redriven: { group: string; originalTopic: string; partition: number; offset: string; redrivenTo: { topic: string; partition: number; baseOffset: string } }[];
}

export const deadLettersPage: Page = async () => {
  const topics = await api<{ topic: string; records: number }[]>('GET', '/api/dead-letters');
  return h(
    'section',
    {},
    h('h1', {}, 'Dead letters'),
    h('p', { class: 'muted' }, 'Every *-dlq topic. A dead letter is redriven to the one group that failed it, never to the groups that succeeded.'),
    topics.length === 0
      ? h('p', {}, 'No dead-letter topic exists yet.')
      : table(
          ['topic', 'records'],
          topics.map((t) => [link(`/dead-letters/${encodeURIComponent(t.topic)}`, t.topic), String(t.records)]),
          [1],
        ),
  );
};

export const deadLetterTopicPage: Page = async (ctx) => {
  const topic = ctx.params.topic ?? '';
  const path = `/api/dead-letters/${encodeURIComponent(topic)}`;
  const { groups } = await api<{ groups: { errorType: string; count: number; records: DeadLetter[] }[] }>('GET', path);
  const state = writeState(ctx.session);
  const result = h('div', { id: 'redrive-result' });
  const selected = new Set<string>();
  const redrive = (body: unknown): void => {
    api<RedriveAnswer>('POST', `${path}/redrive`, body).then(
      (answer) =>
        result.replaceChildren(
          message(`Redriven ${answer.redriven.length}: ${answer.redriven.map((r) => `[${r.partition}]@${r.offset} → ${r.redrivenTo.topic} (group ${r.group})`).join('; ')}`, 'success'),
        ),
      (error: Error) => result.replaceChildren(message(error.message, 'error')),
    );
  };
  const sections = groups.map((group) =>
    h(
      'div',
      { class: 'card', 'data-error-type': group.errorType },
      h('h2', {}, `${group.errorType} (${group.count})`),
      h(
        'div',
        { class: 'row' },
        h('button', { type: 'button', disabled: state.disabled, title: state.title, onclick: () => redrive({ all: true, errorType: group.errorType }) }, `Redrive all ${group.count}`),
      ),
      table(
        ['', 'place', 'reason', 'origin', 'failing group', 'attempts', 'key', 'headers', 'value', ''],
        group.records.map((r) => {
          const id = `${r.partition}@${r.offset}`;
          const box = h('input', { type: 'checkbox', 'aria-label': `select ${id}` });
          box.addEventListener('change', () => (box.checked ? selected.add(id) : selected.delete(id)));
          return [
            box,
            `[${r.partition}]@${r.offset}`,
            h('span', { class: 'bad' }, r.errorMessage ?? '-'),
            r.originalTopic ? `${r.originalTopic}[${r.originalPartition ?? '?'}]@${r.originalOffset ?? '?'}` : '-',
            r.group ?? '-',
            r.attempts === null ? '-' : String(r.attempts),
            bytes(r.key),
            headersTable(r.headers),
            bytes(r.value),
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                disabled: state.disabled || r.redriveTopic === null,
                title: r.redriveTopic ? `to ${r.redriveTopic}` : state.title,
                onclick: () => redrive({ records: [{ partition: r.partition, offset: r.offset }] }),
              },
              'Redrive',
            ),
          ];
        }),
        [],
        (row) => ({ 'data-dead-letter': `${group.records[row]?.partition}@${group.records[row]?.offset}` }),
      ),
    ),
  );
  const redriveSelected = (): void => {
    const records = [...selected].map((id) => {
      const [partition, offset] = id.split('@');
      return { partition: Number(partition), offset };
    });
    redrive({ records });
  };
  return h(
    'section',
    {},
    h('h1', {}, `Dead letters of ${topic}`),
    groups.length === 0
      ? h('p', {}, 'No dead letters.')
      : h('div', { class: 'row' }, h('button', { type: 'button', disabled: state.disabled, title: state.title, onclick: redriveSelected }, 'Redrive selected')),
    result,
    sections,
  );
};
