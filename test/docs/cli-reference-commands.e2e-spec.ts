import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DocShell, REPO_ROOT, ShellRun } from './support/doc-shell';
import { codeBlocks, commandSnippets, DocSnippet } from './support/markdown-snippets';
import { shapeProblems } from './support/output-shape';
import { ReferenceScene, SCENE_SECTIONS } from './support/reference-scene';

/**
 * Docs stay true: every project CLI command KAFKA-CLI-REFERENCE.md shows is run, in document order, in bash against
 * an embedded broker holding the state the doc's examples assume (support/reference-scene.ts), and its output
 * must keep the documented shape (support/output-shape.ts states the rule). A command passes when it reached the
 * CLI, every CLI run in it exited as documented (`exit N` under it, else 0), bash exited 0, and the shape holds.
 * Synopses (`offsets reset <group> --topic T (...) [--dry-run]`) pass when the command's --help names every flag.
 *
 * The CLI runs in one long-lived host process (support/cli-host.ts); DOCS_CLI=child runs it through the real npm
 * instead, a ts-node start-up per run (minutes: for a one-off check that npm itself agrees).
 */

const DOC = 'KAFKA-CLI-REFERENCE.md';
/** The project CLI, as the doc calls it: `npm run -s kafka -- ...`, `npm run kafka -- ...`, `npm --prefix DIR run ...`. */
const PROJECT_CLI = /\bnpm\s+(--prefix\s+\S+\s+)?run\s+(-s\s+)?kafka\s+--(\s|$)/;

/** Documented commands this test does not run, each with the reason. Kept tiny; a stale entry fails the test. */
const NOT_RUN: readonly { command: RegExp; reason: string }[] = [
  { command: /^watch -n 2 "npm run -s kafka -- groups describe payment-service \| head -1"$/, reason: 'watch repeats a command run above in the same block until Ctrl-C' },
];

/** What a command's wait is cut to: a reader waits 8 s for an order to be placed by hand; the test places it at once. */
const MAX_TIMEOUT_MS = 3000;

function adjusted(command: string): string {
  return command.replace(/--timeout-ms (\d+)/g, (whole, ms: string) => (Number(ms) > MAX_TIMEOUT_MS ? `--timeout-ms ${MAX_TIMEOUT_MS}` : whole));
}

/** Many documented commands pipe into jq, which .ci/run does not install: required under CI=true, else skipped with a warning. */
const HAS_JQ = spawnSync('jq', ['--version'], { stdio: 'ignore' }).status === 0;

const snippets = commandSnippets(codeBlocks(readFileSync(join(REPO_ROOT, DOC), 'utf8'), DOC), (text) => PROJECT_CLI.test(text));
const skipped = (snippet: DocSnippet) => NOT_RUN.find((entry) => entry.command.test(snippet.command));
const toRun = snippets.filter((snippet) => !skipped(snippet));

jest.setTimeout(60_000);

describe(`${DOC}: every project CLI command still works as shown`, () => {
  let scene: ReferenceScene;
  let shell: DocShell;
  const ran: { snippet: DocSnippet; run: ShellRun }[] = [];

  beforeAll(async () => {
    scene = await ReferenceScene.start();
    shell = await DocShell.start(() => scene.brokers);
  });

  afterAll(async () => {
    const cliRuns = ran.reduce((sum, r) => sum + r.run.invocations.length, 0);
    const kinds = ['transcript', 'script', 'synopsis', 'alias'].map((kind) => `${ran.filter((r) => r.snippet.kind === kind).length} ${kind}`).join(', ');
    const notRun = snippets.filter(skipped).map((s) => `  ${DOC}:${s.line} ${s.command}  -- ${skipped(s)?.reason}`);
    process.stdout.write(`${DOC}: ran ${ran.length} of ${snippets.length} documented commands (${kinds}), ${cliRuns} CLI runs\n${notRun.length ? `not run:\n${notRun.join('\n')}\n` : ''}`);
    await shell?.close();
    await scene?.close();
  });

  it('finds the commands in the doc, so that a rewrite of it cannot leave this test with nothing to check', () => {
    expect(snippets.length).toBeGreaterThan(0);
    expect(toRun.filter((s) => s.documented.some((line) => line.trim() !== '')).length).toBeGreaterThan(0);
    for (const entry of NOT_RUN) expect(snippets.filter((s) => entry.command.test(s.command)).length).toBe(1);
    // The scene changes state at these headings; a renamed heading would leave it in the wrong state.
    for (const section of SCENE_SECTIONS) expect(snippets.map((s) => s.section)).toContain(section);
  });

  it.each(toRun.map((snippet) => [`${DOC}:${snippet.line} ${snippet.command.split('\n')[0]}`, snippet] as const))('%s', async (_, snippet) => {
    await scene.enter(snippet.section);
    if (snippet.kind === 'synopsis') return checkSynopsis(snippet);
    const command = adjusted(snippet.command);
    if (!HAS_JQ && /\bjq\b/.test(`${command}\n${calledAlias(snippet)}`)) {
      if (process.env.CI === 'true') throw new Error('jq is not installed, and CI=true requires it (apt-get install jq)');
      console.warn(`jq is not installed: not running ${DOC}:${snippet.line} (apt-get install jq)`);
      return;
    }
    const prelude = snippet.kind === 'alias' ? aliasDefinitions(snippet) : undefined;
    const execute = () => shell.run(command, { prelude });
    // The doc's own cue: `consume payment-processed --timeout-ms 8000      # then place an order`.
    const run = /#\s*then place an order/.test(command) ? await scene.whilePlacingAnOrder(execute) : await execute();
    ran.push({ snippet, run });
    const expectedExit = Number(snippet.documented.map((line) => /^exit (\d+)$/.exec(line.trim())?.[1]).find((code) => code !== undefined) ?? 0);
    const problems = [
      ...(run.invocations.length === 0 ? ['it never ran the project CLI'] : []),
      ...run.invocations.filter((i) => i.code !== expectedExit).map((i) => `kafka ${i.args} exited ${i.code}, documented ${expectedExit}`),
      ...(run.status !== 0 ? [`bash exited ${run.status}`] : []),
      ...shapeProblems(snippet.documented, run.output),
    ];
    if (problems.length > 0) throw new Error(report(snippet, command, run, problems));
  });

  /** `npm run -s kafka -- offsets reset <group> --topic T ... [--dry-run]`: its --help must name every flag shown. */
  async function checkSynopsis(snippet: DocSnippet): Promise<void> {
    const args = snippet.command.replace(PROJECT_CLI, '').trim().split(/\s+/);
    const words = args.slice(
      0,
      Math.max(
        0,
        args.findIndex((a) => /^[-<[(]/.test(a)),
      ),
    );
    const concrete = !/[<[(]/.test(snippet.command);
    const command = concrete ? snippet.command : `npm run -s kafka -- ${[...words, '--help'].join(' ')}`;
    const run = await shell.run(command);
    ran.push({ snippet, run });
    const flags = concrete ? [] : [...new Set(snippet.command.match(/--[a-z][a-z-]*/g) ?? [])];
    const problems = [
      ...(run.status !== 0 ? [`${command} exited ${run.status}`] : []),
      ...flags.filter((flag) => !run.output.includes(flag)).map((flag) => `${command} does not mention ${flag}`),
    ];
    if (problems.length > 0) throw new Error(report(snippet, command, run, problems));
  }
});

/** The doc's alias block, with REPO pointed at this checkout (the doc's is an example path). */
function aliasDefinitions(snippet: DocSnippet): string {
  return (snippet.definitions ?? '').replace(/^REPO=\S+/m, `REPO=${REPO_ROOT}`);
}

/** The definition line of the alias an `alias` snippet calls ('' for other snippets). */
function calledAlias(snippet: DocSnippet): string {
  const name = snippet.command.split(/\s+/)[0];
  return (snippet.definitions ?? '').split('\n').find((line) => line.startsWith(`${name}()`)) ?? '';
}

function report(snippet: DocSnippet, command: string, run: ShellRun, problems: readonly string[]): string {
  return [
    `${snippet.file}:${snippet.line} (section "${snippet.section}") no longer works as documented:`,
    ...problems.map((p) => `  - ${p}`),
    `command run:\n${command}`,
    `output:\n${run.output}`,
    `documented:\n${snippet.documented.join('\n')}`,
  ].join('\n');
}
