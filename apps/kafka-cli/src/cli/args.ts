import { usageError } from './cli.errors';

/** How a flag takes its value: none (`boolean`), one (`string`, `integer`) or one per repetition (`list`). */
export type FlagKind = 'boolean' | 'string' | 'integer' | 'list';

export interface FlagSpec {
  name: string;
  kind: FlagKind;
  /** Shown in help after the flag, e.g. `N` in `--partitions N`. */
  placeholder?: string;
  description: string;
  required?: boolean;
  /** Smallest value of an `integer` flag. Default 0. */
  min?: number;
}

export type FlagValue = boolean | string | number | string[];

/** The arguments of one command line, checked against the flags the command accepts. */
export class ParsedArgs {
  constructor(
    readonly positionals: readonly string[],
    private readonly flags: ReadonlyMap<string, FlagValue>,
  ) {}

  has(name: string): boolean {
    return this.flags.has(name);
  }

  boolean(name: string): boolean {
    return this.flags.get(name) === true;
  }

  string(name: string): string | undefined {
    const value = this.flags.get(name);
    return typeof value === 'string' ? value : undefined;
  }

  integer(name: string): number | undefined {
    const value = this.flags.get(name);
    return typeof value === 'number' ? value : undefined;
  }

  list(name: string): string[] {
    const value = this.flags.get(name);
    return Array.isArray(value) ? [...value] : [];
  }
}

/**
 * Parses `--flag value`, `--flag=value`, repeated `list` flags, `-h` for `--help`, `--` (everything after it is
 * positional) and `-` (a positional: standard input). Unknown flags, missing values and non-integers are usage
 * errors (exit code 2), so a typo never runs a different command than the one meant.
 */
export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const positionals: string[] = [];
  const flags = new Map<string, FlagValue>();
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (token === '-' || !token.startsWith('-')) {
      positionals.push(token);
      continue;
    }
    const [rawName, inlineValue] = splitFlag(token);
    const spec = byName.get(rawName);
    if (spec === undefined) throw usageError(`unknown option ${token.split('=')[0]} (accepted: ${specs.map((s) => `--${s.name}`).join(', ')})`);
    if (spec.kind === 'boolean') {
      if (inlineValue !== undefined) throw usageError(`--${spec.name} takes no value`);
      flags.set(spec.name, true);
      continue;
    }
    let value = inlineValue;
    if (value === undefined) {
      if (i + 1 >= argv.length) throw usageError(`--${spec.name} needs a value${spec.placeholder ? ` (${spec.placeholder})` : ''}`);
      value = argv[++i];
    }
    if (spec.kind === 'list') {
      const previous = flags.get(spec.name);
      flags.set(spec.name, [...(Array.isArray(previous) ? previous : []), value]);
      continue;
    }
    if (flags.has(spec.name)) throw usageError(`--${spec.name} is given more than once`);
    flags.set(spec.name, spec.kind === 'integer' ? parseInteger(spec, value) : value);
  }
  for (const spec of specs) {
    if (spec.required && !flags.has(spec.name)) throw usageError(`--${spec.name} is required`);
  }
  return new ParsedArgs(positionals, flags);
}

function splitFlag(token: string): [string, string | undefined] {
  if (token === '-h') return ['help', undefined];
  const body = token.startsWith('--') ? token.slice(2) : token.slice(1);
  const equals = body.indexOf('=');
  return equals < 0 ? [body, undefined] : [body.slice(0, equals), body.slice(equals + 1)];
}

function parseInteger(spec: FlagSpec, raw: string): number {
  const min = spec.min ?? 0;
  const value = /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min) throw usageError(`--${spec.name} must be an integer of at least ${min}, got ${JSON.stringify(raw)}`);
  return value;
}

/**
 * Splits `k=v` options (`--config`, `--header`): the first `=` separates, so values may contain more of them.
 * An empty key or a missing `=` is a usage error naming the flag.
 */
export function keyValuePairs(flag: string, entries: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const entry of entries) {
    const equals = entry.indexOf('=');
    if (equals <= 0) throw usageError(`--${flag} takes key=value, got ${JSON.stringify(entry)}`);
    result[entry.slice(0, equals)] = entry.slice(equals + 1);
  }
  return result;
}
