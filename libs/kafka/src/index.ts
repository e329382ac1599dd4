export { KafkaModule } from './nest/kafka.module';
export { KAFKA_OPTIONS } from './nest/kafka.constants';
export type { KafkaModuleOptions, KafkaSaslOptions, KafkaCompression, ClientLogLevel } from './options/kafka-module.options';
export type { ResolvedKafkaOptions } from './options/resolve-kafka-options';

export { KafkaError, isRetriable } from './kafka.errors';
export type { KafkaErrorCode } from './kafka.errors';
export { nestKafkaLogger, pinoKafkaLogger, silentKafkaLogger } from './kafka-logger';
export type { KafkaLogger } from './kafka-logger';
export { correlationContext, correlationLogMixin } from './correlation/correlation-context';

export { KafkaProducer } from './producer/kafka-producer';
export type { OutgoingMessage, TopicMessages } from './producer/kafka-producer';
export { KafkaOutboxPublisher } from './producer/kafka-outbox-publisher';
export type { RecordAck } from './client/client.ports';
export { EventHeaders, buildEventHeaders } from './headers/event-headers';
export type { EventHeaderFields } from './headers/event-headers';
export { DeadLetterHeaders, RetryHeaders } from './headers/delivery-headers';

export { KafkaHandler } from './consumer/kafka-handler.decorator';
export type { KafkaHandlerOptions, KafkaMessageHandler } from './consumer/kafka-handler.decorator';
export { parseJsonValue } from './consumer/inbound-message';
export type { InboundMessage } from './consumer/inbound-message';
export { KafkaConsumers } from './consumer/kafka-consumers';
export type { GroupHealth } from './consumer/group-progress';
export { UndecodableHeaders } from './consumer/undecodable/skip-undecodable';

export { DEFAULT_RETRY_POLICY } from './retry/backoff';
export type { RetryPolicy } from './retry/backoff';
export type { FailureStrategyName } from './retry/failure-strategy';
export { deadLetterTopic, redriveTopic, retryTopic } from './retry/retry-topics';

export { DeadLetterService } from './dead-letter/dead-letter.service';
export type { DeadLetterMessage, DeadLetterRef, RedriveResult } from './dead-letter/dead-letter.service';

export { KafkaMetrics } from './metrics/kafka-metrics';
export { createKafkajs, registerKafkajsCodecs } from './client/kafkajs-codecs';
export { COMPRESSIONS } from './options/resolve-kafka-options';
