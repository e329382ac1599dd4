import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isInstalled } from '../../scripts/apache-kafka/installation';
import { KAFKA_TOOLS, kafkaToolCommand } from '../../scripts/apache-kafka/tools';
import { REPO_ROOT, runBash } from './support/doc-shell';
import { codeBlocks, commandSnippets, DocSnippet } from './support/markdown-snippets';
import { shapeProblems } from './support/output-shape';
import { ReferenceScene } from './support/reference-scene';

/**
 * Docs stay true for the other clients too: every command of Kafka's own tools the docs show (`docker exec "$KC"
 * /opt/kafka/bin/kafka-X.sh ...`, `docker compose ... exec kafka ...`, `npm run -s kafka-tools -- ...`, the `kx`
 * alias) and every kcat command is run, in document order, in bash, against a broker holding the state the
 * examples assume (support/reference-scene.ts; under `npm run test:apache` that broker is Apache Kafka).
 *
 * There is no Docker engine here, and none is needed: `docker exec <container> /opt/kafka/bin/kafka-X.sh ARGS` runs
 * the same tool from the Maven-fetched jars (as KAFKA-CLI-REFERENCE.md says it can), `npm run -s kafka-tools` is the
 * real npm script, and `localhost:9092` means the test's broker. Commands that follow a topic until Ctrl-C are cut:
 * the console consumer gets `--timeout-ms 5000` (also beside `--max-messages`, which a short topic never reaches), kcat's
 * consumers `-e` (exit at the end). A command passes when every
 * tool run in it exited as documented (an `exit N` line under it, else 0), bash exited 0, and the output has the
 * documented shape (support/output-shape.ts).
 *
 * It needs Java 17 and the jars (`npm run setup:apache-kafka`), and kcat: without the jars the suite is skipped
 * with a warning (a fresh clone's `npm test`); CI runs it on both brokers.
 */

const DOCS = ['README.md', 'PHASE4-MESSAGE-DISPATCHER.md', 'KAFKA-CLI-REFERENCE.md'];
/** Kafka's tools through Docker (compose exec included), through the npm script, or kcat. */
const TOOL_COMMAND = /(\bdocker\s+(compose\s+.*\s)?exec\s.*\/opt\/kafka\/bin\/|\bnpm\s+run\s+(-s\s+)?kafka-tools\b|(^|[\s|;(])kcat\s|\bkx\s)/;
/** The project CLI is another suite's (cli-reference-commands): a statement that calls it is left to that one. */
const PROJECT_CLI = /\bnpm\s+(--prefix\s+\S+\s+)?run\s+(-s\s+)?kafka\s+--(\s|$)|(^|[\s|;(])k\s/;
/** Statements of the docs' Kafka-tool blocks that are not a command to run here, each with the reason. */
const NOT_RUN: readonly { command: RegExp; reason: string }[] = [
  { command: /\| grep demo-1$/, reason: 'finds the order the curl above it placed on a running system (test/docs/readme-quick-start runs the system)' },
];

const HAS_KCAT = spawnSync('kcat', ['-V'], { stdio: 'ignore' }).status === 0;
const HAS_JQ = spawnSync('jq', ['--version'], { stdio: 'ignore' }).status === 0;

const snippets = DOCS.flatMap((doc) => commandSnippets(codeBlocks(readFileSync(join(REPO_ROOT, doc), 'utf8'), doc), (text) => TOOL_COMMAND.test(text) && !PROJECT_CLI.test(text)));
const skipped = (snippet: DocSnippet) => NOT_RUN.find((entry) => entry.command.test(snippet.command));
const toRun = snippets.filter((snippet) => !skipped(snippet));

/**
 * Bash functions that take the doc's commands to the real tools: `docker exec`/`docker compose exec` of a Kafka
 * tool runs the tool from the jars, `kcat` and `npm run -s kafka-tools` are the real ones; `localhost:9092` becomes
 * the test's broker. Each tool run is logged to $DOCS_LOG as "exit code<TAB>tool".
 */
function toolShim(): string {
  const java = kafkaToolCommand('kafka-topics', []);
  const javaPrefix = [java.command, ...java.args.slice(0, -1)];
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return `
declare -A __KT_MAIN=(${Object.entries(KAFKA_TOOLS)
    .map(([tool, main]) => `[${tool}]=${quote(main)}`)
    .join(' ')})
__KT_JAVA=(${javaPrefix.map(quote).join(' ')})
__docs_args() { local a; __ARGS=(); for a in "$@"; do __ARGS+=("\${a//localhost:9092/$KAFKA_BROKERS}"); done; }
__docs_logged() { local name=$1 code; shift; "$@"; code=$?; printf '%s\\t%s\\n' "$code" "$name" >> "$DOCS_LOG"; return $code; }
__kafka_tool() {
  local tool="\${1%.sh}"; shift
  local main="\${__KT_MAIN[$tool]}"
  if [ -z "$main" ]; then echo "docs test: $tool is not one of Kafka's tools" >&2; return 127; fi
  __docs_args "$@"
  if [ "$tool" = kafka-console-consumer ] && [[ " \${__ARGS[*]} " != *" --timeout-ms "* ]]; then __ARGS+=(--timeout-ms 5000); fi
  __docs_logged "$tool" "\${__KT_JAVA[@]}" "$main" "\${__ARGS[@]}"
}
docker() {
  local args=("$@")
  if [ "\${args[0]}" = compose ]; then args=("\${args[@]:1}"); while [ "\${args[0]}" = -f ]; do args=("\${args[@]:2}"); done; fi
  if [ "\${args[0]}" != exec ]; then echo "docs test: only docker exec of Kafka's tools runs here, not docker $*" >&2; return 127; fi
  args=("\${args[@]:1}")
  while [[ "\${args[0]}" == -* ]]; do args=("\${args[@]:1}"); done
  args=("\${args[@]:1}")
  __kafka_tool "\${args[0]##*/}" "\${args[@]:1}"
}
kcat() {
  __docs_args "$@"
  if [[ " \${__ARGS[*]} " =~ \\ -[CG]\\  ]] && [[ " \${__ARGS[*]} " != *" -e "* ]]; then __ARGS+=(-e); fi
  __docs_logged kcat command kcat "\${__ARGS[@]}"
}
npm() {
  local args=("$@")
  if [ "\${args[0]} \${args[1]}" = "run -s" ] && [ "\${args[2]}" = kafka-tools ]; then
    __docs_args "\${args[@]:3}"
    __docs_logged kafka-tools command npm --prefix "$DOCS_REPO" run -s kafka-tools "\${__ARGS[@]}"
    return
  fi
  echo "docs test: only npm run -s kafka-tools runs here, not npm $*" >&2
  return 127
}
`;
}

interface ToolRun {
  code: number;
  tool: string;
}

const describeWithTools = isInstalled() ? describe : describe.skip;
if (!isInstalled()) console.warn("Apache Kafka jars are not installed: the docs' Kafka-tool commands are not run (npm run setup:apache-kafka)");

jest.setTimeout(90_000);

describeWithTools("the docs' Kafka-tool and kcat commands still work as shown", () => {
  let scene: ReferenceScene;
  let dir: string;
  let shim: string;
  let ran = 0;

  beforeAll(async () => {
    if (!HAS_KCAT && process.env.CI === 'true') throw new Error('kcat is not installed, and CI=true requires it (apt-get install kcat)');
    scene = await ReferenceScene.start();
    dir = await mkdtemp(join(tmpdir(), 'docs-tools-'));
    shim = join(dir, 'tools-shim.bash');
    await writeFile(shim, toolShim());
  });

  afterAll(async () => {
    process.stdout.write(`docs: ran ${ran} of ${snippets.length} Kafka-tool and kcat commands (${DOCS.join(', ')})\n`);
    await scene?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('finds the commands in the docs, so that a rewrite cannot leave this test with nothing to check', () => {
    const docs = new Set(snippets.map((s) => s.file));
    expect(docs).toContain('KAFKA-CLI-REFERENCE.md');
    expect(docs).toContain('README.md');
    expect(snippets.filter((s) => /\/opt\/kafka\/bin\//.test(s.command)).length).toBeGreaterThan(10);
    expect(snippets.filter((s) => /kafka-tools/.test(s.command)).length).toBeGreaterThan(1);
    expect(snippets.filter((s) => /\bkcat\b/.test(s.command)).length).toBeGreaterThan(5);
    for (const entry of NOT_RUN) expect(snippets.filter((s) => entry.command.test(s.command)).length).toBe(1);
  });

  it.each(toRun.map((snippet) => [`${snippet.file}:${snippet.line} ${snippet.command.split('\n')[0]}`, snippet] as const))('%s', async (_, snippet) => {
    if (snippet.file === 'KAFKA-CLI-REFERENCE.md') await scene.enter(snippet.section);
    const text = `${snippet.command}\n${snippet.definitions ?? ''}`;
    for (const [needed, present] of [
      ['kcat', HAS_KCAT],
      ['jq', HAS_JQ],
    ] as const) {
      if (present || !new RegExp(`\\b${needed}\\b`).test(text)) continue;
      if (process.env.CI === 'true') throw new Error(`${needed} is not installed, and CI=true requires it (apt-get install ${needed})`);
      console.warn(`${needed} is not installed: not running ${snippet.file}:${snippet.line} (apt-get install ${needed})`);
      return;
    }
    const log = join(await mkdtemp(join(dir, 'snippet-')), 'runs');
    await writeFile(log, '');
    const prelude = snippet.kind === 'alias' ? (snippet.definitions ?? '').replace(/^REPO=\S+/m, `REPO=${REPO_ROOT}`) : '';
    const env = { KAFKA_BROKERS: scene.brokers, DOCS_LOG: log, DOCS_REPO: REPO_ROOT, KC: 'kafka' };
    const { status, output } = await runBash(`source '${shim}'\n${prelude}\n${snippet.command}`, { env, timeoutMs: 80_000 });
    ran++;
    const runs: ToolRun[] = (await readFile(log, 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => ({ code: Number(line.slice(0, line.indexOf('\t'))), tool: line.slice(line.indexOf('\t') + 1) }));
    const expectedExit = Number(snippet.documented.map((line) => /^exit (\d+)$/.exec(line.trim())?.[1]).find((code) => code !== undefined) ?? 0);
    const problems = [
      ...(runs.length === 0 ? ['it never ran a Kafka tool or kcat'] : []),
      ...runs.filter((r) => r.code !== expectedExit).map((r) => `${r.tool} exited ${r.code}, documented ${expectedExit}`),
      ...(status !== 0 ? [`bash exited ${status}`] : []),
      ...shapeProblems(snippet.documented, output),
    ];
    if (problems.length > 0) {
      throw new Error(
        [
          `${snippet.file}:${snippet.line} (section "${snippet.section}") no longer works as documented:`,
          ...problems.map((p) => `  - ${p}`),
          `command run:\n${snippet.command}`,
          `output:\n${output}`,
          `documented:\n${snippet.documented.join('\n')}`,
        ].join('\n'),
      );
    }
  });
});
