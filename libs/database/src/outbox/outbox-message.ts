/** A Kafka message to publish once the transaction that wrote it commits. */
export interface OutboxMessage {
  topic: string;
  /** Messages with one key are published in the order they were enqueued. */
  key: string;
  /** Stored as bytes; the relay hands it to the publisher as a Buffer. */
  value: string | Buffer;
  headers: Record<string, string>;
}

/** Sends a batch to Kafka, resolving only when every message is acknowledged (libs/kafka implements it). */
export interface OutboxPublisher {
  publish(messages: OutboxMessage[]): Promise<void>;
}
