/** Exit codes: documented in `--help` and the README, so scripts can tell failures apart. */
export const ExitCode = Object.freeze({
  Ok: 0,
  /** The command ran and failed: unknown topic or group, refused reset, not a dead letter... */
  Failed: 1,
  /** The command line is wrong; nothing was sent to Kafka. */
  Usage: 2,
  /** No broker answered within the connect timeout. */
  Unreachable: 3,
});

/** An expected failure of a command: a string code, a message for the operator and, when useful, what to do. */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly retriable: boolean;

  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: number = ExitCode.Failed,
    readonly hint?: string,
  ) {
    super(message);
    this.retriable = exitCode === ExitCode.Unreachable;
  }
}

export function usageError(message: string, hint?: string): CliError {
  return new CliError('CLI.USAGE', message, ExitCode.Usage, hint);
}

export function unknownTopic(topic: string): CliError {
  return new CliError('CLI.UNKNOWN_TOPIC', `unknown topic ${topic}`, ExitCode.Failed, 'see the topics with `topics list`');
}

/**
 * Turns whatever a command threw into a {@link CliError}: ours pass through, the Kafka lib's coded errors keep
 * their code, kafkajs errors get `KAFKA.<error type>`, anything else is `CLI.UNEXPECTED` with its message.
 */
export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (!(error instanceof Error)) return new CliError('CLI.UNEXPECTED', String(error));
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^[A-Z]+\.[A-Z_]+$/.test(code)) return new CliError(code, error.message);
  if (error.name.startsWith('KafkaJS')) {
    const type = kafkaErrorType(error);
    if (type === 'UNKNOWN_TOPIC_OR_PARTITION') return new CliError('CLI.UNKNOWN_TOPIC', error.message);
    if (error.name === 'KafkaJSConnectionError' || error.name === 'KafkaJSNumberOfRetriesExceeded') {
      return new CliError('CLI.UNREACHABLE', `lost the connection to Kafka: ${error.message}`, ExitCode.Unreachable);
    }
    return new CliError(`KAFKA.${type ?? error.name.replace(/^KafkaJS/, '').toUpperCase()}`, kafkaErrorMessage(error));
  }
  return new CliError('CLI.UNEXPECTED', error.message);
}

function kafkaErrorType(error: Error): string | undefined {
  const type = (error as { type?: unknown }).type;
  if (typeof type === 'string') return type;
  const nested = (error as { errors?: unknown }).errors;
  if (Array.isArray(nested) && nested[0] instanceof Error) return kafkaErrorType(nested[0]);
  return undefined;
}

/** kafkajs aggregate errors say only "Topic creation errors"; the broker's reasons are in `errors`. */
function kafkaErrorMessage(error: Error): string {
  const nested = (error as { errors?: unknown }).errors;
  if (!Array.isArray(nested) || nested.length === 0) return error.message;
  const reasons = nested.map((inner) => (inner instanceof Error ? inner.message : String(inner)));
  return `${error.message}: ${reasons.join('; ')}`;
}
