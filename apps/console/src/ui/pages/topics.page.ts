import { api, live } from '../api';
import { field, h, lineChart, link, message, table } from '../dom';
import { type Page, writeState } from '../page';

interface TopicSummary {
  name: string;
  partitions: number;
  replicationFactor: number;
  records: number;
  internal: boolean;
}

interface TopicDetail extends TopicSummary {
  partitionDetails: { partition: number; leader: number; replicas: number[]; isr: number[]; low: string; high: string }[];
  configs: { name: string; value: string | null; isDefault: boolean; readOnly: boolean }[];
}

export const topicsPage: Page = async (ctx) => {
  let topics = await api<TopicSummary[]>('GET', '/api/topics');
  const filter = h('input', { type: 'search', placeholder: 'filter topics', 'aria-label': 'filter topics', value: ctx.query.get('q') ?? '' });
  const holder = h('div', {});
  const rates = new Map<string, number>();
  const draw = (): void => {
    const shown = topics.filter((t) => t.name.includes(filter.value.trim()));
    holder.replaceChildren(
      table(
        ['topic', 'partitions', 'replication', 'records', 'records/s'],
        shown.map((t) => [link(`/topics/${encodeURIComponent(t.name)}`, t.name), String(t.partitions), String(t.replicationFactor), String(t.records), (rates.get(t.name) ?? 0).toFixed(1)]),
        [1, 2, 3, 4],
      ),
    );
  };
  filter.addEventListener('input', draw);
  draw();
  let last: { at: number; counts: Map<string, number> } | undefined;
  ctx.onLeave(
    live<{ at: number; topics: TopicSummary[] }>(
      '/api/live/topics',
      (data) => {
        const counts = new Map(data.topics.map((t) => [t.name, t.records]));
        if (last) for (const [name, count] of counts) rates.set(name, Math.max(0, ((count - (last.counts.get(name) ?? count)) * 1000) / Math.max(1, data.at - last.at)));
        last = { at: data.at, counts };
        topics = data.topics;
        ctx.banner(null);
        draw();
      },
      (problem) => ctx.banner(problem),
    ),
  );
  return h('section', {}, h('h1', {}, 'Topics'), h('div', { class: 'row' }, filter, h('span', { class: 'muted' }, `${topics.length} topics`)), holder, createForm(ctx.session, ctx.navigate));
};

function createForm(session: Parameters<typeof writeState>[0], navigate: (path: string) => void): HTMLElement {
  const state = writeState(session);
  const name = h('input', { name: 'name', required: true, placeholder: 'new-topic' });
  const partitions = h('input', { name: 'partitions', type: 'number', min: 1, value: 1 });
  const replication = h('input', { name: 'replicationFactor', type: 'number', min: 1, value: 1 });
  const result = h('div', {});
  const form = h(
    'form',
    { class: 'row' },
    field('name', name),
    field('partitions', partitions),
    field('replication', replication),
    h('button', { type: 'submit', disabled: state.disabled, title: state.title }, 'Create topic'),
    result,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    api('POST', '/api/topics', { name: name.value, partitions: Number(partitions.value), replicationFactor: Number(replication.value) }).then(
      () => navigate(`/topics/${encodeURIComponent(name.value)}`),
      (error: Error) => result.replaceChildren(message(error.message, 'error')),
    );
  });
  return h('div', { class: 'card' }, h('h2', {}, 'Create a topic'), form);
}

export const topicPage: Page = async (ctx) => {
  const topic = ctx.params.topic ?? '';
  const detail = await api<TopicDetail>('GET', `/api/topics/${encodeURIComponent(topic)}`);
  const state = writeState(ctx.session);
  const result = h('div', {});
  const report = (promise: Promise<unknown>, done: string): void => {
    promise.then(
      () => {
        result.replaceChildren(message(done, 'success'));
      },
      (error: Error) => result.replaceChildren(message(error.message, 'error')),
    );
  };
  const count = h('input', { type: 'number', min: detail.partitions + 1, value: detail.partitions + 1, 'aria-label': 'new partition count' });
  const configName = h('input', { placeholder: 'retention.ms', 'aria-label': 'config name' });
  const configValue = h('input', { placeholder: 'value', 'aria-label': 'config value' });
  const confirm = h('input', { placeholder: `type ${topic} to delete`, 'aria-label': 'confirm delete' });
  const rates: number[] = [];
  const chart = h('div', {}, lineChart(rates, 'records/s'));
  let previous: { at: number; records: number } | undefined;
  ctx.onLeave(
    live<{ at: number; topics: TopicSummary[] }>(
      '/api/live/topics',
      (data) => {
        const now = data.topics.find((t) => t.name === topic);
        if (now === undefined) return;
        if (previous) rates.push(Math.round(((now.records - previous.records) * 1000) / Math.max(1, data.at - previous.at)));
        if (rates.length > 60) rates.shift();
        previous = { at: data.at, records: now.records };
        chart.replaceChildren(lineChart(rates, 'records/s'));
      },
      (problem) => ctx.banner(problem),
    ),
  );
  return h(
    'section',
    {},
    h('h1', {}, `Topic ${topic}`),
    h(
      'p',
      {},
      `${detail.partitions} partitions, replication factor ${detail.replicationFactor}, ${detail.records} records. `,
      link(`/topics/${encodeURIComponent(topic)}/messages`, 'Browse messages'),
    ),
    chart,
    h('h2', {}, 'Partitions'),
    table(
      ['partition', 'leader', 'replicas', 'in sync', 'first offset', 'end offset', 'records'],
      detail.partitionDetails.map((p) => [String(p.partition), String(p.leader), p.replicas.join(','), p.isr.join(','), p.low, p.high, String(Number(p.high) - Number(p.low))]),
      [0, 1, 4, 5, 6],
    ),
    h('h2', {}, 'Configs'),
    table(
      ['name', 'value', 'source'],
      detail.configs.map((c) => [c.name, c.value ?? '', c.isDefault ? 'default' : 'topic']),
    ),
    h(
      'div',
      { class: 'card' },
      h('h2', {}, 'Change'),
      h(
        'div',
        { class: 'row' },
        configName,
        configValue,
        h(
          'button',
          {
            type: 'button',
            disabled: state.disabled,
            title: state.title,
            onclick: () => report(api('PUT', `/api/topics/${encodeURIComponent(topic)}/configs`, { configs: { [configName.value]: configValue.value } }), `${configName.value} set`),
          },
          'Set config',
        ),
      ),
      h(
        'div',
        { class: 'row' },
        count,
        h(
          'button',
          {
            type: 'button',
            disabled: state.disabled,
            title: state.title,
            onclick: () => report(api('POST', `/api/topics/${encodeURIComponent(topic)}/partitions`, { count: Number(count.value) }), `now ${count.value} partitions`),
          },
          'Add partitions',
        ),
      ),
      h(
        'div',
        { class: 'row' },
        confirm,
        h(
          'button',
          {
            type: 'button',
            class: 'danger',
            disabled: state.disabled,
            title: state.title,
            onclick: () =>
              report(
                api('DELETE', `/api/topics/${encodeURIComponent(topic)}`, { confirm: confirm.value }).then(() => ctx.navigate('/topics')),
                'deleted',
              ),
          },
          'Delete topic',
        ),
      ),
      result,
    ),
  );
};
