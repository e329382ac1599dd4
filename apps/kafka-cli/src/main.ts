import { FlagSpec, parseArgs } from './cli/args';
import { CliError, ExitCode, toCliError, usageError } from './cli/cli.errors';
import type { CommandSpec } from './cli/command';
import { resolveCommand, withoutCommandWords } from './cli/command-line';
import { commandHelp, globalHelp, groupHelp, INVOCATION } from './cli/help';
import { Output } from './cli/output';
import { consumeCommands } from './commands/consume.command';
import { dlqCommands } from './commands/dlq.commands';
import { groupsCommands } from './commands/groups.commands';
import { offsetsCommands } from './commands/offsets.commands';
import { produceCommands } from './commands/produce.command';
import { topicsCommands } from './commands/topics.commands';
import { loadCliEnvironment } from './config/cli.config';
import { KafkaSession } from './kafka/kafka-session';

const COMMANDS: readonly CommandSpec[] = [...topicsCommands, ...groupsCommands, ...offsetsCommands, ...dlqCommands, ...produceCommands, ...consumeCommands];

const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { name: 'brokers', kind: 'string', placeholder: 'host:port[,host:port...]', description: 'bootstrap brokers (default: KAFKA_BROKERS, else localhost:9092)' },
  { name: 'json', kind: 'boolean', description: 'print JSON for scripts (errors go to stderr as {"error":{"code","message"}})' },
  { name: 'connect-timeout-ms', kind: 'integer', placeholder: 'T', description: 'give up connecting after T ms with exit code 3 (default 10000)', min: 1 },
  { name: 'help', kind: 'boolean', description: 'show help (of one command when given after it)' },
];

const BROKER = /^[^\s:,]+:\d{1,5}$/;
const CLIENT_ID = 'kafka-cli';

async function main(argv: readonly string[]): Promise<number> {
  const output = new Output(argv.includes('--json'), process.stdout, process.stderr);
  let session: KafkaSession | undefined;
  try {
    const resolved = resolveCommand(argv, COMMANDS, GLOBAL_FLAGS);
    const wantsHelp = argv.includes('--help') || argv.includes('-h');
    if (resolved.kind !== 'command') {
      const group = resolved.kind === 'group' ? resolved.group : undefined;
      if (wantsHelp && resolved.unknown === undefined) {
        process.stdout.write(`${group ? groupHelp(group, COMMANDS) : globalHelp(COMMANDS, GLOBAL_FLAGS)}\n`);
        return ExitCode.Ok;
      }
      const scope = group ? `${group} ` : '';
      const problem = resolved.unknown !== undefined ? `unknown command ${scope}${resolved.unknown}` : group ? `${group} needs a command` : 'no command given';
      throw usageError(problem, `see ${INVOCATION} ${scope}--help`);
    }
    const { command } = resolved;
    const args = withHelpHint(command, () =>
      parseArgs(withoutCommandWords(argv, command, GLOBAL_FLAGS), [...GLOBAL_FLAGS, ...command.flags.map((f) => ({ ...f, required: f.required && !wantsHelp }))]),
    );
    if (args.boolean('help')) {
      process.stdout.write(`${commandHelp(command, GLOBAL_FLAGS)}\n`);
      return ExitCode.Ok;
    }
    withHelpHint(command, () => checkPositionals(command, args.positionals));
    const brokers = withHelpHint(command, () => brokerList(args.string('brokers') ?? loadCliEnvironment().brokers));
    session = new KafkaSession({ brokers, connectTimeoutMs: args.integer('connect-timeout-ms') ?? 10_000, clientId: CLIENT_ID });
    const controller = new AbortController();
    if (command.handlesSignals) stopOnSignals(controller);
    await command.run({ args, output, kafka: session, stdin: process.stdin, signal: controller.signal });
    return ExitCode.Ok;
  } catch (error) {
    const failure = toCliError(error);
    output.error(failure);
    return failure.exitCode;
  } finally {
    await session?.close();
    await output.flush();
  }
}

function checkPositionals(command: CommandSpec, positionals: readonly string[]): void {
  const required = command.positionals.filter((p) => !p.optional).length;
  const names = command.positionals.map((p) => `<${p.name}>`).join(' ');
  if (positionals.length < required) throw usageError(`${command.path.join(' ')} needs ${names}`);
  if (positionals.length > command.positionals.length) {
    throw usageError(`unexpected argument ${JSON.stringify(positionals[command.positionals.length])}${names ? ` (${command.path.join(' ')} takes ${names})` : ''}`);
  }
}

/** Usage errors of a command point at its help. */
function withHelpHint<T>(command: CommandSpec, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof CliError && error.exitCode === ExitCode.Usage && error.hint === undefined) {
      throw usageError(error.message, `see ${INVOCATION} ${command.path.join(' ')} --help`);
    }
    throw error;
  }
}

function brokerList(raw: string): string[] {
  const brokers = raw
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  const bad = brokers.find((b) => !BROKER.test(b));
  if (brokers.length === 0 || bad !== undefined) throw usageError(`brokers must be host:port[,host:port...], got ${JSON.stringify(raw)}`);
  return brokers;
}

/** The first Ctrl-C asks the command to stop cleanly; a second one (or a stuck stop) ends the process. */
function stopOnSignals(controller: AbortController): void {
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    setTimeout(() => process.exit(130), 10_000).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

// `consume ... | head` closes the pipe early: the reader has what it wanted, which ends the run without an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(ExitCode.Ok);
});

void main(process.argv.slice(2)).then(
  // kafkajs may leave retry timers behind after a failed connect; the answer is final, so exit now.
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof CliError ? error.exitCode : ExitCode.Failed);
  },
);
