import type { ServiceInstance, StartConfig } from './config/start.config';

/** The address of a service for a person to type, e.g. `http://127.0.0.1:3002`. */
export function baseUrl(config: StartConfig, instance: ServiceInstance): string {
  return `http://${config.probeHost}:${instance.port}`;
}

/**
 * The URL with its password masked: `postgres://user:***@host/db`. Done on the text, so pg's socket form
 * (`postgres://user@/db?host=/var/run/postgresql`), which WHATWG URL parsing refuses, is shown as it is.
 */
export function withoutPassword(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:@/?#]*):[^@/?#]*@/, '$1:***@');
}

/** The block printed once everything is ready: where things are, where logs go, what to try next (< 30 lines). */
export function summary(config: StartConfig, kafkaAddress: string, readyAfterMs: number): string {
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
    ['console', url('console')],
    [
      'metrics',
      `/metrics and /health on every port: ${config.instances
        .filter((i) => i.service !== 'console')
        .map((i) => i.port)
        .join(' ')}`,
    ],
    ['kafka', kafkaRow(config, kafkaAddress)],
    ['database', config.databaseUrl === undefined ? `PGlite, data in ${config.dataDir}/<service>` : `PostgreSQL ${withoutPassword(config.databaseUrl)}`],
    ['logs', config.logs === 'files' ? `${config.dataDir}/logs/<service>.log` : 'this terminal (npm start -- --log-files: one file per service)'],
    ['admin token', config.adminTokenGenerated ? `${config.adminToken} (generated for this run; set ADMIN_TOKEN to fix one)` : '(ADMIN_TOKEN as configured)'],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  const order = `curl -X POST ${url('order-service')}/orders -H 'content-type: application/json' -d '{"userId":"u1","items":[{"productId":"sku-1","quantity":1,"price":9.99}]}'`;
  const token = config.adminTokenGenerated ? config.adminToken : '$ADMIN_TOKEN';
  return [
    `ready in ${(readyAfterMs / 1000).toFixed(1)} s:`,
    ...rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`),
    'try next:',
    `  ${order}`,
    `  curl ${url('order-service')}/orders/<orderId>          # PAID a moment later`,
    `  curl -X PUT ${payments[0]}/admin/gateway -H 'authorization: Bearer ${token}' -H 'content-type: application/json' -d '{"declineRate":0.5}'`,
    '  npm run -s kafka -- groups describe payment-service   # partitions, offsets, lag',
    'Ctrl-C stops everything.',
  ].join('\n');
}

function kafkaRow(config: StartConfig, address: string): string {
  const kafka = config.kafka;
  if (kafka.kind === 'embedded') return `${address} (embedded broker, data in ${kafka.dataDir})`;
  if (kafka.kind === 'apache') return `${address} (Apache Kafka, one KRaft node, data in ${kafka.dataDir})`;
  return `${address} (external Kafka)`;
}
