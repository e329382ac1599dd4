import { api } from '../api';
import { h, table } from '../dom';
import type { Page } from '../page';

interface Cluster {
  clusterId: string;
  controller: number | null;
  brokers: { nodeId: number; host: string; port: number }[];
  configs: { name: string; value: string | null }[];
}

export const clusterPage: Page = async (ctx) => {
  const cluster = await api<Cluster>('GET', '/api/cluster');
  return h(
    'section',
    {},
    h('h1', {}, 'Cluster'),
    h('p', {}, `Cluster id ${cluster.clusterId}; controller ${cluster.controller ?? 'unknown'}; bootstrap ${ctx.session.brokers.join(', ')}`),
    h('h2', {}, 'Brokers'),
    table(
      ['node', 'host', 'port', 'role'],
      cluster.brokers.map((b) => [String(b.nodeId), b.host, String(b.port), b.nodeId === cluster.controller ? 'controller' : 'broker']),
    ),
    h('h2', {}, `Broker configs (node ${cluster.brokers[0]?.nodeId ?? '?'})`),
    cluster.configs.length === 0
      ? h('p', { class: 'muted' }, 'The broker does not describe its configs.')
      : table(
          ['name', 'value'],
          cluster.configs.map((c) => [c.name, c.value ?? '']),
        ),
  );
};
