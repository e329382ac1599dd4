import type { ServiceInstance, StartConfig } from './config/start.config';

/** The address of a service for a person to type, e.g. `http://127.0.0.1:3002`. */
export function baseUrl(config: StartConfig, instance: ServiceInstance): string {
  return `http://${config.probeHost}:${instance.port}`;
}

/** `postgres://user:***@host/db`: the URL without its password. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/** The short table printed once everything is ready. */
export function summary(config: StartConfig, kafkaAddress: string): string {
  const url = (label: string): string => {
    const instance = config.instances.find((i) => i.label === label);
    return instance === undefined ? '' : baseUrl(config, instance);
  };
  const payments = config.instances.filter((i) => i.service === 'payment-service').map((i) => baseUrl(config, i));
  const rows: [string, string][] = [
    ['order API', `${url('order-service')}/orders`],
    ['payment', payments.map((p) => `${p}/payments/:orderId`).join('  ')],
    ['notifications', `${url('notification-service')}/notifications?userId=...`],
    ['analytics', `${url('analytics-service')}/analytics`],
    ['metrics', config.instances.map((i) => `:${i.port}`).join(' ') + ' /metrics'],
    ['kafka', config.kafka.kind === 'embedded' ? `${kafkaAddress} (embedded broker, data in ${config.kafka.dataDir})` : `${kafkaAddress} (external Kafka)`],
    ['database', config.databaseUrl === undefined ? `PGlite, data in ${config.dataDir}/<service>` : `PostgreSQL ${withoutPassword(config.databaseUrl)}`],
  ];
  if (config.logs === 'files') rows.push(['logs', `${config.dataDir}/logs/<service>.log`]);
  const width = Math.max(...rows.map(([name]) => name.length));
  const example = `curl -X POST ${url('order-service')}/orders -H 'content-type: application/json' -d '{"userId":"u1","items":[{"productId":"sku-1","quantity":1,"price":9.99}]}'`;
  return [
    'ready:',
    ...rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`),
    `try:  ${example}`,
    'Ctrl-C stops everything.',
  ].join('\n');
}
