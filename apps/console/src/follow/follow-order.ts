import { Topics } from '@app/contracts';
import { deadLetterTopic } from '@app/kafka/retry/retry-topics';
import type { Admin } from 'kafkajs';
import { badRequest, notFound } from '../console.errors';
import type { GrouplessFetcher } from '../kafka/groupless-fetcher';
import { headerStrings, type RecordView, toRecordView } from '../kafka/record-view';

export interface TimelineEntry {
  at: string;
  kind: 'accepted' | 'record' | 'consumed' | 'retry' | 'redrive' | 'dead-letter' | 'outcome' | 'status';
  title: string;
  detail: string;
  topic?: string;
  record?: RecordView;
}

export interface OrderJourney {
  query: string;
  orderId: string | null;
  correlationId: string | null;
  status: string | null;
  entries: TimelineEntry[];
}

/** Of each partition of each topic of the pipeline, this many newest records are searched. */
const SEARCHED_PER_PARTITION = 2000;
const ID = /^[A-Za-z0-9._:-]{1,200}$/;

/**
 * One order's journey from what is observable: the order-service's HTTP view (accepted, final status), its
 * records on the business topics, their retry/redrive/dead-letter copies, and which groups committed past them.
 * `query` is an order id (the records' key) or a correlation id (their `correlation-id` header).
 */
export async function followOrder(admin: Admin, fetcher: GrouplessFetcher, orderServiceUrl: string, query: string): Promise<OrderJourney> {
  if (!ID.test(query)) throw badRequest('q: an order id or a correlation id (letters, digits, ".", "_", ":", "-")');
  const existing = await admin.listTopics();
  const business: string[] = [Topics.OrderCreated, Topics.PaymentProcessed, Topics.PaymentFailed];
  const related = existing.filter((t) => business.some((b) => t === b || t === deadLetterTopic(b) || t.startsWith(`${b}.`)));
  const found: { topic: string; view: RecordView; headers: Record<string, string> }[] = [];
  for (const topic of related) {
    for (const range of await admin.fetchTopicOffsets(topic)) {
      const high = BigInt(range.high);
      const low = BigInt(range.low);
      const from = high - BigInt(SEARCHED_PER_PARTITION) > low ? high - BigInt(SEARCHED_PER_PARTITION) : low;
      for (const raw of await fetcher.read(topic, range.partition, from, high, SEARCHED_PER_PARTITION)) {
        const headers = headerStrings(raw.headers);
        if (raw.key?.toString() === query || headers['correlation-id'] === query) found.push({ topic, view: toRecordView(raw), headers });
      }
    }
  }
  const created = found.find((f) => f.topic === Topics.OrderCreated);
  const orderId = created?.view.key.text ?? found[0]?.view.key.text ?? query;
  const correlationId = created?.headers['correlation-id'] ?? found[0]?.headers['correlation-id'] ?? null;
  const order = await orderOverHttp(orderServiceUrl, orderId);
  if (order === undefined && found.length === 0) throw notFound(`no order and no record found for ${JSON.stringify(query)}`);

  const entries: TimelineEntry[] = [];
  if (order?.view)
    entries.push({
      at: String(order.view.createdAt),
      kind: 'accepted',
      title: 'Accepted over HTTP',
      detail: `POST /orders answered 201; total ${String(order.view.total)} ${String(order.view.currency ?? '')}`,
    });
  for (const f of found) entries.push(describeRecord(f.topic, f.view, f.headers));
  if (created) entries.push(...(await consumption(admin, Topics.OrderCreated, created.view)));
  for (const f of found.filter((r) => r.topic === Topics.PaymentProcessed || r.topic === Topics.PaymentFailed)) entries.push(...(await consumption(admin, f.topic, f.view)));
  if (order?.view)
    entries.push({
      at: String(order.view.updatedAt),
      kind: 'status',
      title: `Order is ${String(order.view.status)}`,
      detail: order.view.cancellationReason ? `reason ${String(order.view.cancellationReason)}` : `GET /orders/${orderId}`,
    });
  else if (order?.error) entries.push({ at: new Date().toISOString(), kind: 'status', title: 'Order status unknown', detail: order.error });
  entries.sort((a, b) => a.at.localeCompare(b.at));
  return { query, orderId, correlationId, status: order?.view ? String(order.view.status) : null, entries };
}

function describeRecord(topic: string, view: RecordView, headers: Record<string, string>): TimelineEntry {
  const where = `${topic}[${view.partition}]@${view.offset}`;
  const base = { at: view.timestamp, topic, record: view };
  if (topic.endsWith('-dlq'))
    return {
      ...base,
      kind: 'dead-letter',
      title: `Dead letter: ${headers['dlq-error-type'] ?? 'unknown error'}`,
      detail: `${where}; group ${headers['dlq-consumer-group'] ?? '?'} gave up after ${headers['dlq-attempts'] ?? '?'} attempt(s): ${headers['dlq-error-message'] ?? ''}`,
    };
  if (topic.endsWith('.redrive')) return { ...base, kind: 'redrive', title: `Redriven to ${topic.split('.').slice(1, -1).join('.')}`, detail: where };
  if (/\.retry\.\d+$/.test(topic))
    return {
      ...base,
      kind: 'retry',
      title: `Retry ${headers['retry-attempt'] ?? ''} for ${topic.split('.').slice(1, -2).join('.')}`,
      detail: `${where}: ${headers['retry-error-type'] ?? ''} ${headers['retry-error-message'] ?? ''}`,
    };
  if (topic === Topics.OrderCreated) return { ...base, kind: 'record', title: 'order-created record', detail: `${where} (partition ${view.partition}, offset ${view.offset})` };
  return { ...base, kind: 'outcome', title: `${topic} record`, detail: where };
}

/** Which groups committed past the record: observable consumption (a group may have read it and not yet committed). */
async function consumption(admin: Admin, topic: string, view: RecordView): Promise<TimelineEntry[]> {
  const groups = (await admin.listGroups()).groups.map((g) => g.groupId);
  const entries: TimelineEntry[] = [];
  for (const groupId of groups) {
    const offsets = await admin.fetchOffsets({ groupId, topics: [topic] }).catch(() => []);
    const committed = offsets[0]?.partitions.find((p) => p.partition === view.partition)?.offset;
    if (committed === undefined || committed === '-1') continue;
    const done = BigInt(committed) > BigInt(view.offset);
    entries.push({
      at: view.timestamp,
      kind: 'consumed',
      title: `${groupId} ${done ? 'consumed' : 'has not yet consumed'} it`,
      detail: `${topic}[${view.partition}]: committed offset ${committed}, record at ${view.offset}`,
      topic,
    });
  }
  return entries;
}

async function orderOverHttp(baseUrl: string, orderId: string): Promise<{ view?: Record<string, unknown>; error?: string } | undefined> {
  try {
    const response = await fetch(`${baseUrl}/orders/${encodeURIComponent(orderId)}`, { signal: AbortSignal.timeout(3000) });
    if (response.status === 404) return undefined;
    if (!response.ok) return { error: `order-service answered ${response.status}` };
    return { view: (await response.json()) as Record<string, unknown> };
  } catch {
    return { error: `order-service (${baseUrl}) is unreachable` };
  }
}
