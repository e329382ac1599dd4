import { h } from '../dom';

export interface ShownBytes {
  format: 'json' | 'text' | 'hex' | 'null';
  text: string;
}

export interface RecordView {
  partition: number;
  offset: string;
  timestamp: string;
  key: ShownBytes;
  value: ShownBytes;
  headers: Record<string, ShownBytes>;
}

export function bytes(shown: ShownBytes): HTMLElement {
  if (shown.format === 'null') return h('span', { class: 'muted' }, 'null');
  return h('div', {}, h('span', { class: `tag ${shown.format}` }, shown.format), h('pre', {}, shown.text));
}

export function headersTable(headers: Record<string, ShownBytes>): HTMLElement {
  const names = Object.keys(headers);
  if (names.length === 0) return h('span', { class: 'muted' }, 'none');
  return h(
    'table',
    { class: 'headers' },
    h(
      'tbody',
      {},
      names.map((name) => h('tr', {}, h('td', {}, h('b', {}, name)), h('td', {}, headers[name]?.text ?? ''))),
    ),
  );
}

export function recordRows(records: RecordView[]): HTMLElement[] {
  return records.map((r) =>
    h(
      'tr',
      { 'data-offset': r.offset, 'data-partition': r.partition },
      h('td', { class: 'num' }, String(r.partition)),
      h('td', { class: 'num' }, r.offset),
      h('td', {}, r.timestamp),
      h('td', {}, bytes(r.key)),
      h('td', {}, headersTable(r.headers)),
      h('td', {}, bytes(r.value)),
    ),
  );
}

export function recordTable(records: RecordView[]): { table: HTMLTableElement; body: HTMLTableSectionElement } {
  const body = h('tbody', {}, recordRows(records));
  const table = h(
    'table',
    { class: 'records' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['partition', 'offset', 'time', 'key', 'headers', 'value'].map((t) => h('th', {}, t)),
      ),
    ),
    body,
  );
  return { table, body };
}
