import type { Writable } from 'node:stream';
import { CliError } from './cli.errors';

/**
 * Where a command's results go: text for people by default, JSON with `--json`. A command hands over the value
 * and how to render it; the JSON is the value itself, so its shape is the command's contract with scripts.
 */
export class Output {
  constructor(
    readonly json: boolean,
    private readonly stdout: Writable,
    private readonly stderr: Writable,
  ) {}

  /** The command's one result: pretty-printed JSON, or `render(value)`. */
  result<T>(value: T, render: (value: T) => string): void {
    this.stdout.write(`${this.json ? JSON.stringify(value, null, 2) : render(value)}\n`);
  }

  /** One item of an open-ended stream (`consume`): a JSON object per line, or `render(value)`. */
  item<T>(value: T, render: (value: T) => string): void {
    this.stdout.write(`${this.json ? JSON.stringify(value) : render(value)}\n`);
  }

  /** A line only people need (a table header above streamed rows); left out of JSON output. */
  text(line: string): void {
    if (!this.json) this.stdout.write(`${line}\n`);
  }

  /** Progress and notes for people; on stderr so they never mix with results, and silent with `--json`. */
  note(text: string): void {
    if (!this.json) this.stderr.write(`${text}\n`);
  }

  error(error: CliError): void {
    if (this.json) {
      this.stderr.write(`${JSON.stringify({ error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) } })}\n`);
      return;
    }
    this.stderr.write(`error: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`);
  }

  /** Resolves once everything written so far has reached the streams, before the process exits. */
  async flush(): Promise<void> {
    await Promise.all([this.stdout, this.stderr].map((stream) => new Promise<void>((resolve) => stream.write('', () => resolve()))));
  }
}
