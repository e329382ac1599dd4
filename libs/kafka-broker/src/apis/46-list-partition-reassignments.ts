/**
 * ListPartitionReassignments (key 46), version 0 (flexible), as Kafka 4.1. Reassignments are not implemented
 * (placement is the broker's own), so none is ever in progress: the answer lists no topics. Only the controller
 * answers, as in Kafka; other nodes give NOT_CONTROLLER.
 */
import { ErrorCode } from '../protocol/error-codes';
import { array, field, int16, int32, nullableArray, nullableString, string, struct } from '../protocol/schema';
import { defineSchemaApi } from './schema-api';

const request = struct({
  timeoutMs: field('0+', int32, { default: 60000 }),
  topics: field('0+', nullableArray(struct({ name: field('0+', string), partitionIndexes: field('0+', array(int32)) }))),
});

const response = struct({
  throttleTimeMs: field('0+', int32),
  errorCode: field('0+', int16),
  errorMessage: field('0+', nullableString),
  topics: field(
    '0+',
    array(
      struct({
        name: field('0+', string),
        partitions: field(
          '0+',
          array(
            struct({
              partitionIndex: field('0+', int32),
              replicas: field('0+', array(int32)),
              addingReplicas: field('0+', array(int32)),
              removingReplicas: field('0+', array(int32)),
            }),
          ),
        ),
      }),
    ),
  ),
});

export const listPartitionReassignmentsApi = defineSchemaApi({
  key: 46,
  name: 'ListPartitionReassignments',
  minVersion: 0,
  maxVersion: 0,
  flexibleFrom: 0,
  request,
  response,
  handle(ctx) {
    if (ctx.node.nodeId !== ctx.cluster.controllerId) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.NOT_CONTROLLER, errorMessage: `node ${ctx.node.nodeId} is not the controller`, topics: [] };
    }
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, topics: [] };
  },
  errorResponse(_req, errorCode) {
    return { throttleTimeMs: 0, errorCode, errorMessage: null, topics: [] };
  },
});
