/**
 * Finds the shell commands a markdown document shows, with the output it shows for each, in document order.
 *
 * Fenced blocks come in three forms here:
 * - transcripts (no language, or `console`/`text`): `$ command` lines, each followed by its output up to the
 *   next `$ ` line or a `# comment` line;
 * - scripts (`bash`/`sh`/`shell`): statements (a `\` continuation, a next line starting with `|`, or a
 *   `for|while ... do ... done` keeps a statement going); `# ...` lines right under a statement (no blank line
 *   between) are its documented output, as in `jq .totalLag` followed by `# 0`;
 * - synopses: a transcript-less block whose lines are commands with `<placeholders>` or `[options]`.
 * Shell functions defined in a script block (`k() { npm ... run -s kafka -- "$@"; }`) are aliases: a block that
 * defines one is kept whole, and its `# k topics list`-style comments are the documented calls.
 */

export interface CodeBlock {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  /** The nearest heading above the block. */
  section: string;
  lines: string[];
}

export type SnippetKind = 'transcript' | 'script' | 'synopsis' | 'alias';

export interface DocSnippet {
  kind: SnippetKind;
  file: string;
  /** 1-based line of the command in the file. */
  line: number;
  section: string;
  /** The shell text to run, as the doc shows it (an alias call for `alias`). */
  command: string;
  /** What the doc shows as its output: lines, `# ` of script comments removed. */
  documented: string[];
  /** `alias` only: the whole block of definitions the call needs. */
  definitions?: string;
}

const FENCE = /^(\s*)```\s*([\w-]*)\s*$/;
const SCRIPT_LANGS = new Set(['bash', 'sh', 'shell', 'zsh']);
const TRANSCRIPT_LANGS = new Set(['', 'console', 'text', 'shell-session']);

/** The fenced code blocks of `markdown`, indentation of the fence removed from their lines. */
export function codeBlocks(markdown: string, file: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const heading = /^#{1,6}\s+(.*)$/.exec(lines[i]);
    if (heading) section = heading[1].trim();
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const indent = open[1].length;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !/^\s*```\s*$/.test(lines[j])) body.push(lines[j++].slice(indent));
    blocks.push({ file, line: i + 1, lang: open[2].toLowerCase(), section, lines: body });
    i = j;
  }
  return blocks;
}

/** Every command in `blocks` for which `isWanted(text)` holds (a script statement, a transcript `$` line, ...). */
export function commandSnippets(blocks: readonly CodeBlock[], isWanted: (text: string) => boolean): DocSnippet[] {
  const snippets: DocSnippet[] = [];
  for (const block of blocks) {
    if (SCRIPT_LANGS.has(block.lang)) snippets.push(...scriptSnippets(block, isWanted));
    else if (TRANSCRIPT_LANGS.has(block.lang)) snippets.push(...transcriptSnippets(block, isWanted));
  }
  return snippets;
}

function transcriptSnippets(block: CodeBlock, isWanted: (text: string) => boolean): DocSnippet[] {
  const at = (index: number) => ({ file: block.file, line: block.line + 1 + index, section: block.section });
  if (!block.lines.some((line) => line.startsWith('$ '))) {
    return block.lines.flatMap((line, index) => (isWanted(line) ? [{ kind: 'synopsis' as const, ...at(index), command: line.trim(), documented: [] }] : []));
  }
  const snippets: DocSnippet[] = [];
  let current: DocSnippet | undefined;
  for (let i = 0; i < block.lines.length; i++) {
    const line = block.lines[i];
    if (line.startsWith('$ ')) {
      let command = line.slice(2);
      while (command.endsWith('\\') && i + 1 < block.lines.length) command = `${command.slice(0, -1)}\n${block.lines[++i]}`;
      current = { kind: 'transcript', ...at(i), command, documented: [] };
      if (isWanted(command)) snippets.push(current);
    } else if (/^#(\s|$)/.test(line)) {
      current = undefined;
    } else {
      current?.documented.push(line);
    }
  }
  return snippets;
}

interface Statement {
  index: number;
  text: string;
  comments: string[];
}

function statements(lines: readonly string[]): Statement[] {
  const result: Statement[] = [];
  let last: Statement | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') {
      last = undefined;
      continue;
    }
    if (/^\s*#/.test(line)) {
      last?.comments.push(line.replace(/^\s*#\s?/, ''));
      continue;
    }
    let text = line;
    let depth = loopDepth(line);
    while (i + 1 < lines.length && (text.endsWith('\\') || depth > 0 || /^\s*(\||&&)/.test(lines[i + 1]))) {
      text = `${text}\n${lines[++i]}`;
      depth += loopDepth(lines[i]);
    }
    last = { index: i, text, comments: [] };
    result.push(last);
  }
  return result;
}

/** `do` opens and `done` closes a loop body; the count tells whether a statement continues on the next line. */
function loopDepth(line: string): number {
  const words = line.replace(/'[^']*'|"[^"]*"/g, '').split(/[\s;]+/);
  return words.filter((w) => w === 'do').length - words.filter((w) => w === 'done').length;
}

const FUNCTION = /^\s*([A-Za-z_][\w-]*)\s*\(\)\s*\{(.*)\}\s*;?\s*(?:#\s*(.*))?$/;

function scriptSnippets(block: CodeBlock, isWanted: (text: string) => boolean): DocSnippet[] {
  const all = statements(block.lines);
  const functions = all.map((s) => ({ statement: s, match: FUNCTION.exec(s.text) })).filter((f) => f.match !== null);
  if (functions.length > 0)
    return aliasSnippets(
      block,
      functions.map((f) => ({ line: f.statement.index, name: f.match![1], body: f.match![2], example: f.match![3] })),
      isWanted,
    );
  return all
    .filter((s) => isWanted(s.text))
    .map((s) => ({
      kind: 'script' as const,
      file: block.file,
      line: block.line + 1 + s.index - (s.text.split('\n').length - 1),
      section: block.section,
      command: s.text,
      documented: s.comments,
    }));
}

interface AliasDefinition {
  line: number;
  name: string;
  body: string;
  example?: string;
}

/** One snippet per call shown in a definition's comment, or a bare call of an alias that shows none. */
function aliasSnippets(block: CodeBlock, definitions: readonly AliasDefinition[], isWanted: (text: string) => boolean): DocSnippet[] {
  const reaching = new Set<string>();
  for (let changed = true; changed;) {
    changed = false;
    for (const d of definitions) {
      const viaAlias = [...reaching].some((name) => new RegExp(`(^|[\\s;{(|])${name}\\s`).test(d.body));
      if (!reaching.has(d.name) && (isWanted(d.body) || viaAlias)) {
        reaching.add(d.name);
        changed = true;
      }
    }
  }
  return definitions
    .filter((d) => reaching.has(d.name))
    .flatMap((d) => {
      const calls = (d.example ?? '').split(/,\s*/).filter((call) => call.startsWith(`${d.name} `) || call === d.name);
      return (calls.length > 0 ? calls : [d.name]).map((call) => ({
        kind: 'alias' as const,
        file: block.file,
        line: block.line + 1 + d.line,
        section: block.section,
        command: call.trim(),
        documented: [],
        definitions: block.lines.join('\n'),
      }));
    });
}
