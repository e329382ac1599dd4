/** Topic configs the broker knows, with Kafka's defaults. Unknown names are refused. */
export const TOPIC_CONFIG_DEFAULTS: Readonly<Record<string, string>> = {
  'cleanup.policy': 'delete',
  'compression.type': 'producer',
  'max.message.bytes': '1048588',
  'message.timestamp.type': 'CreateTime',
  'min.insync.replicas': '1',
  'retention.bytes': '-1',
  'retention.ms': '604800000',
  'segment.bytes': '1073741824',
};

const VALIDATORS: Record<string, (v: string) => boolean> = {
  'cleanup.policy': (v) => v.split(',').every((p) => p === 'delete' || p === 'compact'),
  'compression.type': (v) => ['producer', 'uncompressed', 'gzip', 'snappy', 'lz4', 'zstd'].includes(v),
  'max.message.bytes': (v) => /^\d+$/.test(v),
  'message.timestamp.type': (v) => v === 'CreateTime' || v === 'LogAppendTime',
  'min.insync.replicas': (v) => /^[1-9]\d*$/.test(v),
  'retention.bytes': (v) => /^-?\d+$/.test(v) && Number(v) >= -1,
  'retention.ms': (v) => /^-?\d+$/.test(v) && Number(v) >= -1,
  'segment.bytes': (v) => /^\d+$/.test(v) && Number(v) >= 14,
};

/** Returns an error message for an invalid config, or null when it is acceptable. */
export function validateTopicConfig(name: string, value: string | null): string | null {
  const check = VALIDATORS[name];
  if (!check) return `unknown topic config ${name}`;
  if (value === null) return null;
  return check(value) ? null : `invalid value ${JSON.stringify(value)} for ${name}`;
}
