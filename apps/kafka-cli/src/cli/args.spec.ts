import { FlagSpec, keyValuePairs, parseArgs } from './args';
import { CliError } from './cli.errors';

const specs: FlagSpec[] = [
  { name: 'json', kind: 'boolean', description: '' },
  { name: 'partitions', kind: 'integer', description: '', min: 1 },
  { name: 'key', kind: 'string', description: '' },
  { name: 'header', kind: 'list', description: '' },
  { name: 'help', kind: 'boolean', description: '' },
];

function usage(argv: string[], flags: FlagSpec[] = specs): string {
  try {
    parseArgs(argv, flags);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    return (error as CliError).message;
  }
  throw new Error(`${argv.join(' ')} parsed`);
}

describe('parseArgs', () => {
  it('reads flags in both spellings, repeated lists, -h, "-" and everything after "--" as positionals', () => {
    const args = parseArgs(['t', '--json', '--partitions=3', '--key', 'k', '--header', 'a=1', '--header=b=2', '-', '-h', '--', '--not-a-flag'], specs);
    expect(args.positionals).toEqual(['t', '-', '--not-a-flag']);
    expect(args.boolean('json')).toBe(true);
    expect(args.boolean('help')).toBe(true);
    expect(args.integer('partitions')).toBe(3);
    expect(args.string('key')).toBe('k');
    expect(args.list('header')).toEqual(['a=1', 'b=2']);
    expect(args.has('partitions')).toBe(true);
    expect(parseArgs([], specs).list('header')).toEqual([]);
  });

  it('keeps a value that looks like a flag when a flag needs one', () => {
    expect(parseArgs(['--key', '--json'], specs).string('key')).toBe('--json');
  });

  it('rejects unknown flags, missing values, repeated single flags, values on booleans, bad integers and missing required flags', () => {
    expect(usage(['--colour'])).toBe('unknown option --colour (accepted: --json, --partitions, --key, --header, --help)');
    expect(usage(['--key'])).toBe('--key needs a value');
    expect(usage(['--key', 'a', '--key', 'b'])).toBe('--key is given more than once');
    expect(usage(['--json=yes'])).toBe('--json takes no value');
    expect(usage(['--partitions', '0'])).toBe('--partitions must be an integer of at least 1, got "0"');
    expect(usage(['--partitions', '2.5'])).toBe('--partitions must be an integer of at least 1, got "2.5"');
    expect(usage([], [{ name: 'topic', kind: 'string', description: '', required: true }])).toBe('--topic is required');
  });
});

describe('keyValuePairs', () => {
  it('splits at the first "=", so values may contain more', () => {
    expect(keyValuePairs('header', ['a=1', 'b=x=y', 'c='])).toEqual({ a: '1', b: 'x=y', c: '' });
  });

  it('rejects entries without a key', () => {
    expect(() => keyValuePairs('config', ['=1'])).toThrow('--config takes key=value, got "=1"');
    expect(() => keyValuePairs('config', ['retention.ms'])).toThrow('--config takes key=value, got "retention.ms"');
  });
});
