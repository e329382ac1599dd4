import type { Readable } from 'node:stream';
import type { KafkaSession } from '../kafka/kafka-session';
import type { FlagSpec, ParsedArgs } from './args';
import type { Output } from './output';

export interface CommandContext {
  args: ParsedArgs;
  output: Output;
  kafka: KafkaSession;
  stdin: Readable;
  /** Aborted by SIGINT/SIGTERM, so open-ended commands (`consume`) stop cleanly and commit what they printed. */
  signal: AbortSignal;
}

export interface PositionalSpec {
  name: string;
  description: string;
  optional?: boolean;
}

/** One command: the words that name it, its arguments (which are also its `--help`) and what it does. */
export interface CommandSpec {
  path: readonly string[];
  summary: string;
  positionals: readonly PositionalSpec[];
  flags: readonly FlagSpec[];
  /** More help: rules, defaults, what the JSON looks like. */
  details?: string;
  examples?: readonly string[];
  /** Stops cleanly on SIGINT/SIGTERM through `signal`; other commands are simply interrupted. */
  handlesSignals?: boolean;
  run(context: CommandContext): Promise<void>;
}
