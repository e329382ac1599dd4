/**
 * IncrementalAlterConfigs (key 44), versions 0-1 (flexible from 1), as Kafka 4.1: what `kafka-configs --alter`
 * sends. Each config is changed by its operation, leaving the others as they are: SET (0), DELETE (1, back to
 * the default), APPEND (2) and SUBTRACT (3) for list configs (cleanup.policy). Topics: names and values checked
 * against the known topic configs (INVALID_CONFIG), the result stored like any topic config change. Brokers
 * (by id, or '' for the cluster-wide default): the dynamic broker configs of broker-dynamic-configs.ts, others
 * INVALID_REQUEST as Kafka answers for static ones. A name given twice is INVALID_REQUEST; an unknown operation
 * INVALID_REQUEST; validate_only checks without changing anything.
 * Not implemented: broker loggers (type 8), client metrics and group configs.
 */
import { ErrorCode } from '../protocol/error-codes';
import { array, bool, field, Infer, int16, int32, int8, nullableString, string, struct } from '../protocol/schema';
import { TOPIC_CONFIG_DEFAULTS, validateTopicConfig } from '../state/topic-configs';
import type { TopicError } from '../state/topics';
import type { RequestContext } from './api';
import { dynamicBrokerConfigs, validateDynamicBrokerConfig } from './broker-dynamic-configs';
import { resolveResource } from './config-resources';
import { defineSchemaApi } from './schema-api';

const request = struct({
  resources: field(
    '0+',
    array(
      struct({
        resourceType: field('0+', int8),
        resourceName: field('0+', string),
        configs: field(
          '0+',
          array(
            struct({
              name: field('0+', string),
              configOperation: field('0+', int8),
              value: field('0+', nullableString),
            }),
          ),
        ),
      }),
    ),
  ),
  validateOnly: field('0+', bool),
});

const response = struct({
  throttleTimeMs: field('0+', int32),
  responses: field(
    '0+',
    array(
      struct({
        errorCode: field('0+', int16),
        errorMessage: field('0+', nullableString),
        resourceType: field('0+', int8),
        resourceName: field('0+', string),
      }),
    ),
  ),
});

type ResourceReq = Infer<typeof request>['resources'][number];
const Op = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 } as const;
const LIST_CONFIGS = new Set(['cleanup.policy', 'log.cleanup.policy']);

/** Applies the operations to `current` (changed in place); returns an error message or null. */
function apply(current: Map<string, string>, res: ResourceReq, defaults: Readonly<Record<string, string>>, check: (n: string, v: string | null) => string | null): TopicError | null {
  const seen = new Set<string>();
  for (const c of res.configs) {
    if (seen.has(c.name)) return { errorCode: ErrorCode.INVALID_REQUEST, message: `Error due to duplicate config keys: ${c.name}` };
    seen.add(c.name);
    const err = check(c.name, c.value);
    if (err) return { errorCode: ErrorCode.INVALID_CONFIG, message: err };
    const list = (current.get(c.name) ?? defaults[c.name] ?? '').split(',').filter((s) => s !== '');
    const given = (c.value ?? '').split(',').filter((s) => s !== '');
    if ((c.configOperation === Op.APPEND || c.configOperation === Op.SUBTRACT) && !LIST_CONFIGS.has(c.name)) {
      return { errorCode: ErrorCode.INVALID_CONFIG, message: `Config value append is not allowed for config key: ${c.name}` };
    }
    if (c.configOperation === Op.SET) {
      if (c.value === null) return { errorCode: ErrorCode.INVALID_REQUEST, message: `Null value not supported for: ${c.name}` };
      current.set(c.name, c.value);
    } else if (c.configOperation === Op.DELETE) current.delete(c.name);
    else if (c.configOperation === Op.APPEND) current.set(c.name, [...list, ...given.filter((g) => !list.includes(g))].join(','));
    else if (c.configOperation === Op.SUBTRACT) current.set(c.name, list.filter((l) => !given.includes(l)).join(','));
    else return { errorCode: ErrorCode.INVALID_REQUEST, message: `Unknown config operation ${c.configOperation} for ${c.name}` };
  }
  return null;
}

function alterOne(ctx: RequestContext, res: ResourceReq, validateOnly: boolean): TopicError | null {
  const resolved = resolveResource(ctx, res.resourceType, res.resourceName);
  if (resolved.kind === 'error') return { errorCode: resolved.errorCode, message: resolved.message };
  if (resolved.kind === 'topic') {
    const next = new Map(resolved.topic.configs);
    const err = apply(next, res, TOPIC_CONFIG_DEFAULTS, validateTopicConfig);
    if (err) return err;
    const changed = ctx.cluster.topics.setConfigs(resolved.topic.name, Object.fromEntries(next), validateOnly);
    if (!changed && !validateOnly) ctx.cluster.log.info('topic configs altered', { topic: res.resourceName, clientId: ctx.clientId });
    return changed;
  }
  const broker = resolved.kind === 'broker' ? res.resourceName : '';
  const store = dynamicBrokerConfigs(ctx.cluster, broker);
  const next = new Map(store);
  const err = apply(next, res, {}, validateDynamicBrokerConfig);
  if (err) return { errorCode: err.errorCode === ErrorCode.INVALID_CONFIG && err.message.startsWith('Cannot update') ? ErrorCode.INVALID_REQUEST : err.errorCode, message: err.message };
  if (validateOnly) return null;
  store.clear();
  for (const [k, v] of next) store.set(k, v);
  ctx.cluster.log.info('dynamic broker configs altered', { broker, clientId: ctx.clientId });
  return null;
}

export const incrementalAlterConfigsApi = defineSchemaApi({
  key: 44,
  name: 'IncrementalAlterConfigs',
  minVersion: 0,
  maxVersion: 1,
  flexibleFrom: 1,
  request,
  response,
  handle(ctx, req) {
    return {
      throttleTimeMs: 0,
      responses: req.resources.map((res) => {
        const err = alterOne(ctx, res, req.validateOnly);
        return { errorCode: err?.errorCode ?? ErrorCode.NONE, errorMessage: err?.message ?? null, resourceType: res.resourceType, resourceName: res.resourceName };
      }),
    };
  },
  errorResponse(req, errorCode) {
    return {
      throttleTimeMs: 0,
      responses: req.resources.map((r) => ({ errorCode, errorMessage: null, resourceType: r.resourceType, resourceName: r.resourceName })),
    };
  },
});
