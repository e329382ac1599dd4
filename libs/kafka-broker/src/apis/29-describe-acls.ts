/**
 * DescribeAcls (key 29), versions 1-3 (flexible from 2), as Kafka 4.1 (which dropped v0). There is no
 * authorizer, so the answer is what Kafka gives without one: SECURITY_DISABLED, "No Authorizer is configured".
 */
import { ErrorCode } from '../protocol/error-codes';
import { array, field, int16, int32, int8, nullableString, string, struct } from '../protocol/schema';
import { defineSchemaApi } from './schema-api';

const request = struct({
  resourceTypeFilter: field('0+', int8),
  resourceNameFilter: field('0+', nullableString),
  patternTypeFilter: field('1+', int8, { default: 3 }),
  principalFilter: field('0+', nullableString),
  hostFilter: field('0+', nullableString),
  operation: field('0+', int8),
  permissionType: field('0+', int8),
});

const response = struct({
  throttleTimeMs: field('0+', int32),
  errorCode: field('0+', int16),
  errorMessage: field('0+', nullableString),
  resources: field(
    '0+',
    array(
      struct({
        resourceType: field('0+', int8),
        resourceName: field('0+', string),
        patternType: field('1+', int8, { default: 3 }),
        acls: field(
          '0+',
          array(
            struct({
              principal: field('0+', string),
              host: field('0+', string),
              operation: field('0+', int8),
              permissionType: field('0+', int8),
            }),
          ),
        ),
      }),
    ),
  ),
});

export const describeAclsApi = defineSchemaApi({
  key: 29,
  name: 'DescribeAcls',
  minVersion: 1,
  maxVersion: 3,
  flexibleFrom: 2,
  request,
  response,
  handle() {
    return { throttleTimeMs: 0, errorCode: ErrorCode.SECURITY_DISABLED, errorMessage: 'No Authorizer is configured.', resources: [] };
  },
  errorResponse(_req, errorCode) {
    return { throttleTimeMs: 0, errorCode, errorMessage: null, resources: [] };
  },
});
