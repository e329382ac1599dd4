/**
 * AlterConfigs (key 33), versions 0-1.
 * Replaces a topic's whole config set, as Kafka's (non-incremental) AlterConfigs does: names
 * left out return to their defaults, and so do names given a null value. Names and values are
 * checked against the known topic configs (INVALID_CONFIG); a name given twice is
 * INVALID_REQUEST; validate_only checks without changing anything. Retention changes take
 * effect at the next maintenance pass. Broker resources replace the dynamic broker configs
 * (broker-dynamic-configs.ts); a config Kafka cannot update dynamically answers INVALID_REQUEST.
 * Resources are resolved as in DescribeConfigs.
 * Not implemented: broker loggers (type 8).
 */
import { ErrorCode } from '../protocol/error-codes';
import { validateTopicConfig } from '../state/topic-configs';
import type { TopicError } from '../state/topics';
import { RequestContext, defineApi } from './api';
import { dynamicBrokerConfigs, validateDynamicBrokerConfig } from './broker-dynamic-configs';
import { resolveResource } from './config-resources';

interface ResourceReq {
  type: number;
  name: string;
  configs: { name: string; value: string | null }[];
}

interface Req {
  resources: ResourceReq[];
  validateOnly: boolean;
}

interface Res {
  responses: { errorCode: number; errorMessage: string | null; type: number; name: string }[];
}

/** Replaces the dynamic configs of a broker (or, for '', the cluster-wide default). */
function replaceBrokerConfigs(ctx: RequestContext, broker: string, res: ResourceReq, validateOnly: boolean): TopicError | null {
  const next = new Map<string, string>();
  for (const c of res.configs) {
    if (next.has(c.name)) return { errorCode: ErrorCode.INVALID_REQUEST, message: `config ${c.name} is given more than once` };
    const err = validateDynamicBrokerConfig(c.name, c.value);
    if (err) return { errorCode: err.startsWith('Cannot update') ? ErrorCode.INVALID_REQUEST : ErrorCode.INVALID_CONFIG, message: err };
    if (c.value !== null) next.set(c.name, c.value);
  }
  if (validateOnly) return null;
  const store = dynamicBrokerConfigs(ctx.cluster, broker);
  store.clear();
  for (const [k, v] of next) store.set(k, v);
  return null;
}

function alterOne(ctx: RequestContext, res: ResourceReq, validateOnly: boolean): TopicError | null {
  const resolved = resolveResource(ctx, res.type, res.name);
  if (resolved.kind === 'error') return { errorCode: resolved.errorCode, message: resolved.message };
  if (resolved.kind !== 'topic') return replaceBrokerConfigs(ctx, resolved.kind === 'broker' ? res.name : '', res, validateOnly);
  const configs: Record<string, string> = {};
  const seen = new Set<string>();
  for (const c of res.configs) {
    if (seen.has(c.name)) return { errorCode: ErrorCode.INVALID_REQUEST, message: `config ${c.name} is given more than once` };
    seen.add(c.name);
    const err = validateTopicConfig(c.name, c.value);
    if (err) return { errorCode: ErrorCode.INVALID_CONFIG, message: err };
    if (c.value !== null) configs[c.name] = c.value;
  }
  const err = ctx.cluster.topics.setConfigs(resolved.topic.name, configs, validateOnly);
  if (!err && !validateOnly) ctx.cluster.log.info('topic configs replaced', { topic: res.name, configs, clientId: ctx.clientId });
  return err;
}

export const alterConfigsApi = defineApi<Req, Res>({
  key: 33,
  name: 'AlterConfigs',
  minVersion: 0,
  maxVersion: 1,
  decode(r) {
    const resources = r.array((r) => ({
      type: r.int8(),
      name: r.string(),
      configs: r.array((r) => ({ name: r.string(), value: r.nullableString() })),
    }));
    return { resources, validateOnly: r.bool() };
  },
  handle(ctx, req) {
    return {
      responses: req.resources.map((res) => {
        const err = alterOne(ctx, res, req.validateOnly);
        return { errorCode: err ? err.errorCode : ErrorCode.NONE, errorMessage: err ? err.message : null, type: res.type, name: res.name };
      }),
    };
  },
  encode(w, res) {
    w.int32(0);
    w.array(res.responses, (w, r) => w.int16(r.errorCode).nullableString(r.errorMessage).int8(r.type).string(r.name));
  },
  errorResponse(req, errorCode) {
    return { responses: req.resources.map((r) => ({ errorCode, errorMessage: null, type: r.type, name: r.name })) };
  },
});
