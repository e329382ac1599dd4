import type { FlagSpec } from './args';
import type { CommandSpec } from './command';

/** What the first words of a command line name. */
export type Resolved = { kind: 'command'; command: CommandSpec } | { kind: 'group'; group: string; unknown?: string } | { kind: 'none'; unknown?: string };

/**
 * The command named by the first words of `argv` (options of `globalFlags`, and their values, may come before
 * it). Command words must come before the command's own options: `topics create x --partitions 3`.
 */
export function resolveCommand(argv: readonly string[], commands: readonly CommandSpec[], globalFlags: readonly FlagSpec[]): Resolved {
  const words = leadingWords(argv, globalFlags);
  const two = commands.find((c) => c.path.length === 2 && c.path[0] === words[0] && c.path[1] === words[1]);
  if (two) return { kind: 'command', command: two };
  const one = commands.find((c) => c.path.length === 1 && c.path[0] === words[0]);
  if (one) return { kind: 'command', command: one };
  if (words[0] !== undefined && commands.some((c) => c.path.length === 2 && c.path[0] === words[0])) {
    return { kind: 'group', group: words[0], unknown: words[1] };
  }
  return { kind: 'none', unknown: words[0] };
}

/** `argv` without the command's words (the first positionals), for parsing the command's own arguments. */
export function withoutCommandWords(argv: readonly string[], command: CommandSpec, globalFlags: readonly FlagSpec[]): string[] {
  const rest = [...argv];
  let toRemove = command.path.length;
  for (let i = 0; i < rest.length && toRemove > 0; i++) {
    if (isGlobalValueFlag(rest[i], globalFlags)) {
      i++;
      continue;
    }
    if (!rest[i].startsWith('-')) {
      rest.splice(i, 1);
      i--;
      toRemove--;
    }
  }
  return rest;
}

function leadingWords(argv: readonly string[], globalFlags: readonly FlagSpec[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const token = argv[i];
    if (token === '--') break;
    if (isGlobalValueFlag(token, globalFlags)) {
      i++;
      continue;
    }
    if (token.startsWith('-')) {
      if (words.length > 0) break;
      continue;
    }
    words.push(token);
  }
  return words;
}

function isGlobalValueFlag(token: string, globalFlags: readonly FlagSpec[]): boolean {
  return globalFlags.some((f) => f.kind !== 'boolean' && token === `--${f.name}`);
}
