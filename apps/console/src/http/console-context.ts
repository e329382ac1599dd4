import type { ConsoleConfig } from '../config/console.config';
import type { DeadLetterRedriver } from '../kafka/dead-letters';
import type { KafkaConnection } from '../kafka/kafka-connection';
import type { WriteGuard } from './security';

/** What every route uses: one Kafka connection, the write guard, the settings. */
export interface ConsoleContext {
  readonly config: ConsoleConfig;
  readonly kafka: KafkaConnection;
  readonly guard: WriteGuard;
  readonly redriver: DeadLetterRedriver;
}

export type Params = Record<string, string>;
export type Query = Record<string, string | undefined>;
