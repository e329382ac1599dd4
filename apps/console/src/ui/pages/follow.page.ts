import { api } from '../api';
import { h, message } from '../dom';
import type { Page } from '../page';
import { headersTable, type RecordView } from './record.view';

interface Journey {
  query: string;
  orderId: string | null;
  correlationId: string | null;
  status: string | null;
  entries: { at: string; kind: string; title: string; detail: string; topic?: string; record?: RecordView }[];
}

export const followPage: Page = async (ctx) => {
  const q = ctx.query.get('q') ?? '';
  const input = h('input', { name: 'q', value: q, placeholder: 'order id or correlation id', 'aria-label': 'order id or correlation id' });
  const form = h('form', { class: 'row' }, input, h('button', { type: 'submit' }, 'Follow'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.navigate(`/follow?q=${encodeURIComponent(input.value.trim())}`);
  });
  const body = h('div', {});
  if (q !== '') {
    const draw = (journey: Journey): void => {
      body.replaceChildren(
        h(
          'p',
          { id: 'order-status', 'data-status': journey.status ?? '' },
          `Order ${journey.orderId ?? '?'} — correlation id ${journey.correlationId ?? '?'} — status `,
          h('b', {}, journey.status ?? 'unknown'),
        ),
        h(
          'ol',
          { class: 'timeline' },
          journey.entries.map((e) =>
            h('li', { class: e.kind }, h('div', { class: 'when' }, `${e.at} · ${e.kind}`), h('b', {}, e.title), h('div', {}, e.detail), e.record ? headersTable(e.record.headers) : null),
          ),
        ),
      );
    };
    const load = (): Promise<void> =>
      api<Journey>('GET', `/api/follow?q=${encodeURIComponent(q)}`).then(draw, (error: Error) => {
        body.replaceChildren(message(error.message, 'error'));
      });
    await load();
    // The journey goes on (payments, redrives): refreshed every few seconds while the page is open.
    const timer = setInterval(() => void load(), 3000);
    ctx.onLeave(() => clearInterval(timer));
  }
  return h('section', {}, h('h1', {}, 'Follow an order'), form, body);
};
