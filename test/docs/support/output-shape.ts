/**
 * Whether a command's output still has the shape its documentation shows. The rule, line by documented line
 * (blank lines are ignored; none of it depends on line order, since stdout and stderr interleave):
 *
 * 1. A line of only `...` or `…` stands for lines left out: skipped.
 * 2. A table header (two or more UPPER-CASE column names separated by two or more spaces): some output line must
 *    have exactly these columns, in this order. The rows under it, up to the next blank line, are values: skipped.
 * 3. JSON (a line starting with `{`, `[`, `}`, `]` or `"`): every key it names (`"key":`) must be a key in the output.
 * 4. Any other line is a message: some output line must read the same once volatile values are masked. Masked are
 *    numbers, UUIDs and other hex ids, ISO times, and `...`/`…` (any text). Whitespace runs count as one space.
 *    Words stay: a group state (`Stable`/`Empty`), a topic or error name, the wording of a message.
 */

export function shapeProblems(documented: readonly string[], output: string): string[] {
  const lines = output.split('\n').map(collapse);
  const headers = output.split('\n').map(columns);
  const keys = new Set([...output.matchAll(JSON_KEY)].map((m) => m[1]));
  const problems: string[] = [];
  let inTable = false;
  for (const raw of documented) {
    const line = raw.trimEnd();
    if (line.trim() === '') {
      inTable = false;
      continue;
    }
    if (inTable || /^\s*(\.\.\.|…)\s*$/.test(line)) continue;
    const header = tableHeader(line);
    if (header) {
      inTable = true;
      if (!headers.some((h) => h.join('|') === header.join('|'))) problems.push(`no table with the columns ${header.join(', ')}`);
      continue;
    }
    if (/^\s*[{}[\]"]/.test(line)) {
      for (const [, key] of line.matchAll(JSON_KEY)) if (!keys.has(key)) problems.push(`no JSON key "${key}" (documented: ${line.trim()})`);
      continue;
    }
    const pattern = maskedPattern(line);
    if (!lines.some((l) => pattern.test(l))) problems.push(`no line like: ${line.trim()}`);
  }
  return problems;
}

const JSON_KEY = /"([^"\\]+)"\s*:/g;

function collapse(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

function columns(line: string): string[] {
  return line.trim().split(/\s{2,}/);
}

/** The columns of a table header line, or undefined when the line is not one. */
export function tableHeader(line: string): string[] | undefined {
  const cells = columns(line);
  return cells.length >= 2 && cells.every((cell) => /^[A-Z][A-Z]*( [A-Z]+)*$/.test(cell)) ? cells : undefined;
}

const MASKS: readonly [RegExp, string][] = [
  [/^(\.\.\.|…)/, '.*'],
  [/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?Z?/, '\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z?'],
  [/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, '[0-9a-f-]+'],
  [/^(?=[0-9a-f]*\d)[0-9a-f]{8,}(?![0-9a-z])/, '[0-9a-f]+'],
  [/^\d+/, '\\d+'],
  [/^\s+/, ' '],
];

/** A documented message line as a pattern over one collapsed output line (see rule 4). */
export function maskedPattern(line: string): RegExp {
  let text = collapse(line);
  let source = '';
  outer: while (text !== '') {
    for (const [mask, replacement] of MASKS) {
      const match = mask.exec(text);
      if (match) {
        source += replacement;
        text = text.slice(match[0].length);
        continue outer;
      }
    }
    source += text[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    text = text.slice(1);
  }
  return new RegExp(`^${source}$`);
}
