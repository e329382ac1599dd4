/** The validated {@link ResolvedKafkaOptions}. */
export const KAFKA_OPTIONS = Symbol('KAFKA_OPTIONS');
/** The {@link KafkaClientPort} every service of the module goes through. */
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
