import type { FlagSpec } from './args';
import type { CommandSpec } from './command';
import { resolveCommand, withoutCommandWords } from './command-line';

const command = (...path: string[]): CommandSpec => ({ path, summary: '', positionals: [], flags: [], run: async () => undefined });
const commands = [command('topics', 'list'), command('topics', 'create'), command('produce')];
const globals: FlagSpec[] = [
  { name: 'brokers', kind: 'string', description: '' },
  { name: 'json', kind: 'boolean', description: '' },
];

describe('resolveCommand', () => {
  it('finds one- and two-word commands, after global options and their values', () => {
    expect(resolveCommand(['--brokers', 'h:1', '--json', 'topics', 'create', 'x'], commands, globals)).toEqual({ kind: 'command', command: commands[1] });
    expect(resolveCommand(['produce', 'topics', 'list'], commands, globals)).toEqual({ kind: 'command', command: commands[2] });
  });

  it('tells a command group without a known command from an unknown word', () => {
    expect(resolveCommand(['topics'], commands, globals)).toEqual({ kind: 'group', group: 'topics', unknown: undefined });
    expect(resolveCommand(['topics', 'lst'], commands, globals)).toEqual({ kind: 'group', group: 'topics', unknown: 'lst' });
    expect(resolveCommand(['--json'], commands, globals)).toEqual({ kind: 'none', unknown: undefined });
    expect(resolveCommand(['tpoics'], commands, globals)).toEqual({ kind: 'none', unknown: 'tpoics' });
  });
});

describe('withoutCommandWords', () => {
  it('drops the command words and keeps everything else in order', () => {
    expect(withoutCommandWords(['--brokers', 'topics', 'topics', 'create', 'x', '--json'], commands[1], globals)).toEqual(['--brokers', 'topics', 'x', '--json']);
  });
});
