import { createWriteStream, mkdirSync, WriteStream } from 'node:fs';
import { join } from 'node:path';

/** Where the lines of one process go. */
export interface LogSink {
  /** One line as the process wrote it (JSON from the services and the broker, plain text otherwise). */
  line(source: string, text: string): void;
  close(): Promise<void>;
}

const COLORS = [36, 33, 35, 32, 34, 96, 93];
const LEVEL_COLORS: Record<string, number> = { fatal: 31, error: 31, warn: 33 };
const HIDDEN_FIELDS = new Set(['time', 'level', 'msg', 'service', 'pid', 'hostname', 'name', 'err']);

/**
 * Terminal output: each line prefixed by its source and, when it is a JSON log line, shown as
 * `time LEVEL message {other fields}` with an error's stack below it.
 */
export function terminalSink(sources: readonly string[], color: boolean): LogSink {
  const width = Math.max(...sources.map((s) => s.length));
  const paint = (code: number, text: string): string => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const prefixes = new Map(sources.map((source, i) => [source, paint(COLORS[i % COLORS.length], `${source.padEnd(width)} |`)]));
  return {
    line(source, text) {
      const prefix = prefixes.get(source) ?? `${source.padEnd(width)} |`;
      for (const rendered of render(text, paint)) process.stdout.write(`${prefix} ${rendered}\n`);
    },
    close: async () => undefined,
  };
}

function render(text: string, paint: (code: number, text: string) => string): string[] {
  let entry: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return [text];
    entry = parsed as Record<string, unknown>;
  } catch {
    return [text];
  }
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 23) : '';
  const level = String(entry.level ?? '')
    .toUpperCase()
    .padEnd(5);
  const fields = Object.fromEntries(Object.entries(entry).filter(([key]) => !HIDDEN_FIELDS.has(key)));
  const extra = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  const levelCode = LEVEL_COLORS[String(entry.level)];
  const lines = [`${time} ${levelCode === undefined ? level : paint(levelCode, level)} ${String(entry.msg ?? '')}${extra}`];
  const err = entry.err as { stack?: unknown; message?: unknown } | undefined;
  const stack = typeof err?.stack === 'string' ? err.stack : typeof err?.message === 'string' ? err.message : undefined;
  if (stack !== undefined) lines.push(...stack.split('\n').map((l) => `    ${l}`));
  return lines;
}

/** Raw lines appended to `<dir>/<source>.log`, one file per source. */
export function fileSink(dir: string): LogSink {
  mkdirSync(dir, { recursive: true });
  const files = new Map<string, WriteStream>();
  return {
    line(source, text) {
      let file = files.get(source);
      if (file === undefined) {
        file = createWriteStream(join(dir, `${source}.log`), { flags: 'a' });
        files.set(source, file);
      }
      file.write(`${text}\n`);
    },
    close: () => Promise.all([...files.values()].map((file) => new Promise<void>((resolve) => file.end(resolve)))).then(() => undefined),
  };
}
