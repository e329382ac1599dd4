import { ErrorCode } from '../protocol/error-codes';
import type { Topic } from '../state/topic';
import { validateTopicName } from '../state/topics';
import type { RequestContext } from './api';

/** ConfigResource types of DescribeConfigs / AlterConfigs. */
export const ResourceType = { TOPIC: 2, BROKER: 4 } as const;

export type ResolvedResource =
  | { kind: 'topic'; topic: Topic }
  | { kind: 'broker' }
  /** The empty broker name: cluster-wide dynamic broker defaults (there are none here). */
  | { kind: 'broker-defaults' }
  | { kind: 'error'; errorCode: number; message: string };

/**
 * Finds the resource a config request names, or the error Kafka gives: an unknown topic, or
 * a broker id other than the receiving node's (Kafka serves broker resources only on the
 * broker itself, and clients route them there).
 */
export function resolveResource(ctx: RequestContext, type: number, name: string): ResolvedResource {
  if (type === ResourceType.TOPIC) {
    const nameError = validateTopicName(name);
    if (nameError) return { kind: 'error', errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION, message: nameError };
    const topic = ctx.cluster.topics.get(name);
    if (!topic) return { kind: 'error', errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message: `topic ${name} does not exist` };
    return { kind: 'topic', topic };
  }
  if (type === ResourceType.BROKER) {
    if (name === '') return { kind: 'broker-defaults' };
    if (name === String(ctx.node.nodeId)) return { kind: 'broker' };
    return {
      kind: 'error',
      errorCode: ErrorCode.INVALID_REQUEST,
      message: `unexpected broker id, expected ${ctx.node.nodeId} or empty string, but received ${JSON.stringify(name)}`,
    };
  }
  return { kind: 'error', errorCode: ErrorCode.INVALID_REQUEST, message: `unsupported config resource type ${type}` };
}
