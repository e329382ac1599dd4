export interface Column {
  header: string;
  /** Numbers read best right-aligned. Default left. */
  align?: 'left' | 'right';
}

const GAP = '  ';

/**
 * Rows under upper-case headers, each column as wide as its widest cell, two spaces apart, no trailing spaces.
 * Cells are single-line: line breaks and tabs are shown escaped so one record stays one row.
 */
export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const cells = [columns.map((c) => c.header.toUpperCase()), ...rows.map((row) => columns.map((_, i) => oneLine(row[i] ?? '')))];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  return cells
    .map((row) =>
      row
        .map((cell, i) => (columns[i].align === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
        .join(GAP)
        .trimEnd(),
    )
    .join('\n');
}

/** `label  value` lines with the labels padded to one width, for a single object (a record, a result). */
export function formatFields(fields: readonly (readonly [string, string])[]): string {
  const width = Math.max(0, ...fields.map(([label]) => label.length));
  return fields.map(([label, value]) => `${label.padEnd(width)}${GAP}${oneLine(value)}`.trimEnd()).join('\n');
}

/** Cuts `text` to `max` characters, marking the cut; tables keep long error messages from swallowing the screen. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Line breaks and tabs shown escaped, so one value stays on one line. */
export function oneLine(text: string): string {
  return text.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}
