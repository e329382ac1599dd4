import type { FlagSpec } from './args';
import type { CommandSpec } from './command';

/** How users run the CLI; `-s` keeps npm's own banner out of the output (it would break `--json`). */
export const INVOCATION = 'npm run -s kafka --';

export function globalHelp(commands: readonly CommandSpec[], globalFlags: readonly FlagSpec[]): string {
  return [
    `Usage: ${INVOCATION} <command> [options]`,
    '',
    'Operate Kafka: topics, consumer groups, offsets, dead letters. Works against any Kafka cluster.',
    '',
    'Commands:',
    aligned(commands.map((c) => [`${c.path.join(' ')}`, c.summary])),
    '',
    'Global options:',
    aligned(globalFlags.map((f) => [flagUsage(f), f.description])),
    '',
    exitCodes(),
    '',
    `Help on one command: ${INVOCATION} <command> --help`,
  ].join('\n');
}

export function groupHelp(group: string, commands: readonly CommandSpec[]): string {
  const members = commands.filter((c) => c.path[0] === group);
  return [`Usage: ${INVOCATION} ${group} <${members.map((c) => c.path[1]).join('|')}> [options]`, '', 'Commands:', aligned(members.map((c) => [c.path.join(' '), c.summary]))].join('\n');
}

export function commandHelp(command: CommandSpec, globalFlags: readonly FlagSpec[]): string {
  const positionals = command.positionals.map((p) => (p.optional ? `[<${p.name}>]` : `<${p.name}>`));
  const flags = command.flags.map((f) => {
    const usage = f.kind === 'boolean' ? `--${f.name}` : `--${f.name} ${f.placeholder ?? 'VALUE'}`;
    return `${f.required ? usage : `[${usage}]`}${f.kind === 'list' ? '...' : ''}`;
  });
  const lines = [`Usage: ${INVOCATION} ${[...command.path, ...positionals, ...flags].join(' ')}`, '', capitalize(command.summary) + '.'];
  if (command.positionals.length > 0) lines.push('', 'Arguments:', aligned(command.positionals.map((p) => [`<${p.name}>`, p.description])));
  if (command.flags.length > 0) {
    lines.push('', 'Options:', aligned(command.flags.map((f) => [flagUsage(f), `${f.description}${f.required ? ' (required)' : ''}${f.kind === 'list' ? ' (repeatable)' : ''}`])));
  }
  if (command.details) lines.push('', command.details);
  if (command.examples?.length) lines.push('', 'Examples:', ...command.examples.map((e) => `  ${INVOCATION} ${e}`));
  lines.push('', 'Global options:', aligned(globalFlags.map((f) => [flagUsage(f), f.description])), '', exitCodes());
  return lines.join('\n');
}

function flagUsage(flag: FlagSpec): string {
  const name = flag.name === 'help' ? '-h, --help' : `--${flag.name}`;
  return flag.kind === 'boolean' ? name : `${name} ${flag.placeholder ?? 'VALUE'}`;
}

function exitCodes(): string {
  return 'Exit codes: 0 done, 1 the command failed (unknown topic or group, refused...), 2 bad command line, 3 Kafka unreachable.';
}

function aligned(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}   ${right}`).join('\n');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
