import { codeBlocks, commandSnippets } from './support/markdown-snippets';
import { maskedPattern, shapeProblems } from './support/output-shape';

describe('output shape rule', () => {
  const documented = [
    'Group payment-service: Stable, 1 member(s), assignor RoundRobinAssigner, total lag 0',
    '',
    'TOPIC                                  PARTITION  COMMITTED  END  LAG  CLIENT ID',
    'order-created                                  0          -    0    -  payment-service',
    '...',
  ];

  it('accepts other values in the same shape', () => {
    const output = [
      'Group payment-service: Stable, 2 member(s), assignor RoundRobinAssigner, total lag 17',
      '',
      'TOPIC          PARTITION  COMMITTED  END  LAG  CLIENT ID',
      'order-created          3         12   14    2  payment-service-2',
    ].join('\n');
    expect(shapeProblems(documented, output)).toEqual([]);
  });

  it('fails when a documented column disappears, or a message changes a word', () => {
    const output = ['Group payment-service: Empty, 0 member(s), total lag 17', '', 'TOPIC          PARTITION  COMMITTED  END  CLIENT ID'].join('\n');
    expect(shapeProblems(documented, output)).toEqual([
      'no line like: Group payment-service: Stable, 1 member(s), assignor RoundRobinAssigner, total lag 0',
      'no table with the columns TOPIC, PARTITION, COMMITTED, END, LAG, CLIENT ID',
    ]);
  });

  it('checks the keys of documented JSON, not its values', () => {
    const doc = ['{', '  "deadLetter": {', '    "topic": "order-created-dlq",', '  },', '  "redrivenTo": { "offset": 1 }', '}'];
    expect(shapeProblems(doc, '{"deadLetter":{"topic":"x"},"redrivenTo":{"offset":7}}')).toEqual([]);
    expect(shapeProblems(doc, '{"deadLetter":{"topic":"x"},"redrivenTo":{"partition":7}}')).toEqual(['no JSON key "offset" (documented: "redrivenTo": { "offset": 1 })']);
  });

  it('masks numbers, ids, times and elisions, and nothing else', () => {
    const pattern = maskedPattern('key        6d55ab8e-f84e-40d0-9054-e91085a47c0b at 2026-11-25T04:17:33.503Z in order-created[2]@0 ...');
    expect(pattern.test('key 1b4e28ba-2fa1-11d2-883f-0016d3cca427 at 2027-01-02T03:04:05.000Z in order-created[5]@117 and more')).toBe(true);
    expect(pattern.test('key 1b4e28ba-2fa1-11d2-883f-0016d3cca427 at 2027-01-02T03:04:05.000Z in payment-failed[5]@117')).toBe(false);
  });
});

describe('markdown snippets', () => {
  const doc = [
    '## Lag',
    '```',
    '$ npm run -s kafka -- groups list; echo "exit $?"',
    'GROUP  STATE',
    'exit 0',
    '# a comment ends the output',
    '$ curl -s localhost:3003/metrics',
    '```',
    '```bash',
    'npm run -s kafka -- groups describe g --json | jq .totalLag',
    '# 0',
    '',
    'for g in $(npm run -s kafka -- groups list --json | jq -r .groups[].group); do',
    '  echo "$g"',
    'done',
    'k() { npm run -s kafka -- "$@"; }   # k topics list, k dlq list',
    '```',
  ].join('\n');
  const wanted = (text: string) => /npm run -s kafka --|^k /.test(text);

  it('finds transcript commands with their output, script statements with their comment output, and alias calls', () => {
    const blocks = codeBlocks(doc, 'X.md');
    const [scriptBlock] = blocks.filter((b) => b.lang === 'bash');
    expect(
      commandSnippets(
        blocks.filter((b) => b.lang === ''),
        wanted,
      ),
    ).toEqual([{ kind: 'transcript', file: 'X.md', line: 3, section: 'Lag', command: 'npm run -s kafka -- groups list; echo "exit $?"', documented: ['GROUP  STATE', 'exit 0'] }]);
    // A block defining an alias is run whole; its calls are the commands.
    expect(commandSnippets([scriptBlock], wanted).map((s) => [s.kind, s.command])).toEqual([
      ['alias', 'k topics list'],
      ['alias', 'k dlq list'],
    ]);
    const withoutAlias = { ...scriptBlock, lines: scriptBlock.lines.slice(0, -1) };
    expect(commandSnippets([withoutAlias], wanted).map((s) => [s.kind, s.line, s.command, s.documented])).toEqual([
      ['script', 10, 'npm run -s kafka -- groups describe g --json | jq .totalLag', ['0']],
      ['script', 13, 'for g in $(npm run -s kafka -- groups list --json | jq -r .groups[].group); do\n  echo "$g"\ndone', []],
    ]);
  });
});
