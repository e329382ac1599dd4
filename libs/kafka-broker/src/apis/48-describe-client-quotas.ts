/**
 * DescribeClientQuotas (key 48), versions 0-1 (flexible from 1), as Kafka 4.1. Quotas are not implemented,
 * so no entity has one: every valid filter matches nothing (an empty entry list, no error). A component with
 * an unknown match type is INVALID_REQUEST, as in Kafka.
 */
import { ErrorCode } from '../protocol/error-codes';
import { array, bool, field, float64, int16, int32, int8, nullableArray, nullableString, string, struct } from '../protocol/schema';
import { defineSchemaApi } from './schema-api';

const request = struct({
  components: field(
    '0+',
    array(
      struct({
        entityType: field('0+', string),
        matchType: field('0+', int8),
        match: field('0+', nullableString),
      }),
    ),
  ),
  strict: field('0+', bool),
});

const response = struct({
  throttleTimeMs: field('0+', int32),
  errorCode: field('0+', int16),
  errorMessage: field('0+', nullableString),
  entries: field(
    '0+',
    nullableArray(
      struct({
        entity: field('0+', array(struct({ entityType: field('0+', string), entityName: field('0+', nullableString) }))),
        values: field('0+', array(struct({ key: field('0+', string), value: field('0+', float64) }))),
      }),
    ),
  ),
});

/** MATCH_EXACT, MATCH_DEFAULT, MATCH_SPECIFIED. */
const MATCH_TYPES = new Set([0, 1, 2]);

export const describeClientQuotasApi = defineSchemaApi({
  key: 48,
  name: 'DescribeClientQuotas',
  minVersion: 0,
  maxVersion: 1,
  flexibleFrom: 1,
  request,
  response,
  handle(_ctx, req) {
    const bad = req.components.find((c) => !MATCH_TYPES.has(c.matchType));
    if (bad) return { throttleTimeMs: 0, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `Unexpected match type ${bad.matchType}`, entries: null };
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, entries: [] };
  },
  errorResponse(_req, errorCode) {
    return { throttleTimeMs: 0, errorCode, errorMessage: null, entries: null };
  },
});
