type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/** Builds an element; text is always set as text (never parsed as HTML), handlers are `on<event>` attributes. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** A table; `rowAttrs` gives each body row its attributes (e.g. a `data-*` id tests and scripts can find). */
export function table(headers: string[], rows: (Child | Child[])[][], numeric: number[] = [], rowAttrs: (index: number) => Attrs = () => ({})): HTMLTableElement {
  return h(
    'table',
    {},
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headers.map((title, i) => h('th', { class: numeric.includes(i) ? 'num' : undefined }, title)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((cells, row) =>
        h(
          'tr',
          rowAttrs(row),
          cells.map((cell, i) => h('td', { class: numeric.includes(i) ? 'num' : undefined }, cell)),
        ),
      ),
    ),
  );
}

export function message(text: string, kind: 'error' | 'success' | 'info' = 'info'): HTMLElement {
  return h('div', { class: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

export function link(href: string, text: string): HTMLAnchorElement {
  return h('a', { href, 'data-nav': true }, text);
}

export function field(labelText: string, input: HTMLElement): HTMLLabelElement {
  return h('label', {}, labelText, input);
}

/** A line chart of the last values, newest on the right. */
export function lineChart(values: number[], label: string, width = 420, height = 90): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('class', 'chart');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? (width - 10) / (values.length - 1) : 0;
  const line = document.createElementNS(ns, 'polyline');
  line.setAttribute('points', values.map((v, i) => `${5 + i * step},${height - 15 - (v / max) * (height - 30)}`).join(' '));
  svg.append(line);
  const text = document.createElementNS(ns, 'text');
  text.setAttribute('x', '5');
  text.setAttribute('y', '11');
  text.textContent = `${label}: ${values[values.length - 1] ?? 0} (max ${max})`;
  svg.append(text);
  return svg;
}
