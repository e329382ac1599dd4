/**
 * DescribeCluster (key 60), versions 0-2 (flexible at every version), as Kafka 4.1: the cluster id, the
 * controller and every node, for admin clients' describeCluster. Endpoint type 1 (brokers) is the only one
 * served; asking for controllers (2) is UNSUPPORTED_ENDPOINT_TYPE as on a broker listener. No node is ever
 * fenced. Authorized operations are not computed (no authorizer): reported as Kafka's "omitted" value.
 */
import { array, bool, field, int16, int32, int8, nullableString, string, struct } from '../protocol/schema';
import { defineSchemaApi } from './schema-api';

const AUTHORIZED_OPERATIONS_OMITTED = -2147483648;
const UNSUPPORTED_ENDPOINT_TYPE = 119;

const request = struct({
  includeClusterAuthorizedOperations: field('0+', bool),
  endpointType: field('1+', int8, { default: 1 }),
  includeFencedBrokers: field('2+', bool),
});

const response = struct({
  throttleTimeMs: field('0+', int32),
  errorCode: field('0+', int16),
  errorMessage: field('0+', nullableString),
  endpointType: field('1+', int8, { default: 1 }),
  clusterId: field('0+', string),
  controllerId: field('0+', int32, { default: -1 }),
  brokers: field(
    '0+',
    array(
      struct({
        brokerId: field('0+', int32),
        host: field('0+', string),
        port: field('0+', int32),
        rack: field('0+', nullableString),
        isFenced: field('2+', bool),
      }),
    ),
  ),
  clusterAuthorizedOperations: field('0+', int32, { default: AUTHORIZED_OPERATIONS_OMITTED }),
});

export const describeClusterApi = defineSchemaApi({
  key: 60,
  name: 'DescribeCluster',
  minVersion: 0,
  maxVersion: 2,
  flexibleFrom: 0,
  request,
  response,
  handle(ctx, req) {
    const { cluster } = ctx;
    if (req.endpointType !== 1) {
      return {
        ...response.empty,
        errorCode: UNSUPPORTED_ENDPOINT_TYPE,
        errorMessage: `endpoint type ${req.endpointType} is not served by a broker listener`,
        endpointType: req.endpointType,
        clusterId: cluster.clusterId,
      };
    }
    return {
      ...response.empty,
      clusterId: cluster.clusterId,
      controllerId: cluster.controllerId,
      brokers: cluster.nodes.map((n) => ({ brokerId: n.nodeId, host: n.host, port: n.port, rack: null, isFenced: false })),
    };
  },
  errorResponse(_req, errorCode) {
    return { ...response.empty, errorCode };
  },
});
