/**
 * DescribeConfigs (key 32), versions 0-2.
 * Topics (resource type 2): every known topic config with its effective value, read_only
 * false, and where it comes from (DYNAMIC_TOPIC_CONFIG when set on the topic, DEFAULT_CONFIG
 * otherwise; v0 has only is_default); with include_synonyms (v1+) the topic override and the
 * broker-level default it falls back to. Brokers (type 4, named by node id, on that node): a
 * read-only set of the broker's options under Kafka's names; the empty name (cluster-wide
 * dynamic defaults) has no entries. A list of config names filters the answer (unknown names
 * are left out); a null or empty list means all. Unknown topic: UNKNOWN_TOPIC_OR_PARTITION;
 * other resource types or another node's id: INVALID_REQUEST.
 * Not implemented: documentation and config types (v3+), broker loggers (type 8).
 */
import { ErrorCode } from '../protocol/error-codes';
import { DescribedConfig, ConfigSource, describeBrokerConfigs, describeTopicConfigs } from '../state/config-descriptions';
import { RequestContext, defineApi } from './api';
import { dynamicBrokerConfigs } from './broker-dynamic-configs';
import { resolveResource } from './config-resources';

interface ResourceReq {
  type: number;
  name: string;
  configNames: string[] | null;
}

interface Req {
  resources: ResourceReq[];
  includeSynonyms: boolean;
}

interface ResourceRes {
  errorCode: number;
  errorMessage: string | null;
  type: number;
  name: string;
  configs: DescribedConfig[];
}

interface Res {
  results: ResourceRes[];
}

/** Overlays the dynamic broker configs (of this broker, then the cluster-wide default) on the static ones. */
function withDynamic(ctx: RequestContext, broker: string, configs: DescribedConfig[]): DescribedConfig[] {
  const layers: [Map<string, string>, number][] = [[dynamicBrokerConfigs(ctx.cluster, ''), ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG]];
  if (broker !== '') layers.unshift([dynamicBrokerConfigs(ctx.cluster, broker), ConfigSource.DYNAMIC_BROKER_CONFIG]);
  const byName = new Map(configs.map((c) => [c.name, c]));
  for (const [store, source] of [...layers].reverse()) {
    for (const [name, value] of store) {
      const prev = byName.get(name);
      const synonym = { name, value, source };
      byName.set(name, { name, value, readOnly: false, source, sensitive: false, synonyms: [synonym, ...(prev?.synonyms ?? [])] });
    }
  }
  return [...byName.values()];
}

function describeOne(ctx: RequestContext, res: ResourceReq, includeSynonyms: boolean): ResourceRes {
  const resolved = resolveResource(ctx, res.type, res.name);
  const base = { errorCode: ErrorCode.NONE, errorMessage: null, type: res.type, name: res.name };
  if (resolved.kind === 'error') return { ...base, errorCode: resolved.errorCode, errorMessage: resolved.message, configs: [] };
  let configs: DescribedConfig[];
  if (resolved.kind === 'topic') configs = describeTopicConfigs(resolved.topic);
  else if (resolved.kind === 'broker') configs = withDynamic(ctx, res.name, describeBrokerConfigs(ctx.cluster.options, ctx.node));
  else configs = withDynamic(ctx, '', []);
  if (res.configNames && res.configNames.length > 0) {
    const wanted = new Set(res.configNames);
    configs = configs.filter((c) => wanted.has(c.name));
  }
  if (!includeSynonyms) configs = configs.map((c) => ({ ...c, synonyms: [] }));
  return { ...base, configs };
}

export const describeConfigsApi = defineApi<Req, Res>({
  key: 32,
  name: 'DescribeConfigs',
  minVersion: 0,
  maxVersion: 2,
  decode(r, v) {
    const resources = r.array((r) => ({
      type: r.int8(),
      name: r.string(),
      configNames: r.nullableArray((r) => r.string()),
    }));
    return { resources, includeSynonyms: v >= 1 ? r.bool() : false };
  },
  handle(ctx, req) {
    return { results: req.resources.map((res) => describeOne(ctx, res, req.includeSynonyms)) };
  },
  encode(w, res, v) {
    w.int32(0);
    w.array(res.results, (w, r) => {
      w.int16(r.errorCode).nullableString(r.errorMessage).int8(r.type).string(r.name);
      w.array(r.configs, (w, c) => {
        w.string(c.name).nullableString(c.value).bool(c.readOnly);
        if (v === 0) w.bool(c.source === ConfigSource.DEFAULT_CONFIG);
        else w.int8(c.source);
        w.bool(c.sensitive);
        if (v >= 1) w.array(c.synonyms, (w, s) => w.string(s.name).nullableString(s.value).int8(s.source));
      });
    });
  },
  errorResponse(req, errorCode) {
    return { results: req.resources.map((r) => ({ errorCode, errorMessage: null, type: r.type, name: r.name, configs: [] })) };
  },
});
