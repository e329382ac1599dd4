import { api, live } from '../api';
import { field, h, message } from '../dom';
import { type Page, writeState } from '../page';
import { type RecordView, recordRows, recordTable } from './record.view';

const FIELDS = ['partition', 'offset', 'timestamp', 'limit', 'key', 'header', 'json'] as const;

export const messagesPage: Page = async (ctx) => {
  const topic = ctx.params.topic ?? '';
  const base = `/api/topics/${encodeURIComponent(topic)}`;
  const inputs = Object.fromEntries(FIELDS.map((name) => [name, h('input', { name, value: ctx.query.get(name) ?? '', placeholder: placeholderOf(name) })])) as Record<
    (typeof FIELDS)[number],
    HTMLInputElement
  >;
  const query = new URLSearchParams();
  for (const name of FIELDS) if (inputs[name].value !== '') query.set(name, inputs[name].value);
  const result = await api<{ mode: string; records: RecordView[]; scanned: number }>('GET', `${base}/messages?${query.toString()}`);
  const { table, body } = recordTable(result.records);
  const form = h(
    'form',
    { class: 'row' },
    FIELDS.map((name) => field(name, inputs[name])),
    h('button', { type: 'submit' }, 'Browse'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const name of FIELDS) if (inputs[name].value.trim() !== '') next.set(name, inputs[name].value.trim());
    ctx.navigate(`/topics/${encodeURIComponent(topic)}/messages?${next.toString()}`);
  });
  let stop: (() => void) | undefined;
  const tailState = h('span', { class: 'muted' }, '');
  const tail = h('button', { type: 'button', class: 'secondary' }, 'Live tail');
  tail.addEventListener('click', () => {
    if (stop) {
      stop();
      stop = undefined;
      tail.textContent = 'Live tail';
      tailState.textContent = '';
      return;
    }
    const filters = new URLSearchParams();
    for (const name of ['key', 'header', 'json'] as const) if (inputs[name].value !== '') filters.set(name, inputs[name].value);
    stop = live<{ records: RecordView[] }>(
      `/api/live/topics/${encodeURIComponent(topic)}/tail?${filters.toString()}`,
      (data) => body.prepend(...recordRows(data.records.reverse())),
      (problem) => ctx.banner(problem),
    );
    tail.textContent = 'Stop tail';
    tailState.textContent = 'tailing: new records appear at the top';
  });
  ctx.onLeave(() => stop?.());
  const summary = `${result.records.length} record(s), ${result.mode === 'newest' ? 'newest first' : `from ${result.mode}`}${result.scanned > result.records.length ? ` (${result.scanned} read to filter)` : ''}`;
  return h('section', {}, h('h1', {}, `Messages of ${topic}`), form, h('div', { class: 'row' }, tail, tailState, h('span', { class: 'muted' }, summary)), table, produceForm(ctx, base));
};

function placeholderOf(name: string): string {
  return { partition: 'all', offset: 'newest', timestamp: 'ISO or ms', limit: '50', key: 'contains', header: 'name=value', json: 'data.orderId=…' }[name] ?? '';
}

function produceForm(ctx: Parameters<Page>[0], base: string): HTMLElement {
  const state = writeState(ctx.session);
  const key = h('input', { name: 'produce-key', placeholder: 'key (optional)' });
  const partition = h('input', { name: 'produce-partition', placeholder: 'by key' });
  const headers = h('textarea', { name: 'produce-headers', placeholder: 'one header a line: name=value' });
  const value = h('textarea', { name: 'produce-value', placeholder: '{"hello":"world"}' });
  const result = h('div', {});
  const form = h(
    'form',
    {},
    h('div', { class: 'row' }, field('key', key), field('partition', partition)),
    field('headers', headers),
    field('value', value),
    h('button', { type: 'submit', disabled: state.disabled, title: state.title }, 'Produce'),
    result,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const parsed: Record<string, string> = {};
    for (const line of headers.value.split('\n').filter((l) => l.trim() !== '')) {
      const at = line.indexOf('=');
      if (at > 0) parsed[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
    api<{ partition: number; offset: string }>('POST', `${base}/messages`, {
      key: key.value,
      partition: partition.value === '' ? undefined : Number(partition.value),
      headers: parsed,
      value: value.value,
    }).then(
      (ack) => result.replaceChildren(message(`written to partition ${ack.partition} at offset ${ack.offset}`, 'success')),
      (error: Error) => result.replaceChildren(message(error.message, 'error')),
    );
  });
  return h('div', { class: 'card' }, h('h2', {}, 'Produce a record'), form);
}
