/** What the environment contributes to a CLI run; command-line options override it. */
export interface CliEnvironment {
  /** KAFKA_BROKERS, as the services read it; `localhost:9092` (the embedded broker of `npm start`) when unset. */
  readonly brokers: string;
}

export function loadCliEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): CliEnvironment {
  const brokers = env.KAFKA_BROKERS?.trim();
  return { brokers: brokers ? brokers : 'localhost:9092' };
}
