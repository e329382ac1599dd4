import { deadLetterTopic, Topics } from '@app/contracts';
import type { ChaosContext } from '../scenario';
import { waitFor } from './child-process';
import { poisonDeadLetters, readTopicsWithHeaders, recordCount, retryTopicsOf } from './poison-dead-letters';
import type { DownstreamProcess } from './poison-downstream';
import { expectedErrorType, POISON_HEADER, poisonMarkerOf, PoisonRecord } from './poison-messages';

/** Every group that reads order-created, and so dead-letters each poison record once on its own. */
export const ORDER_CREATED_GROUPS = ['payment-service', 'notification-service', 'analytics-service'] as const;

/**
 * Waits (bounded) for a copy of each poison record per group in order-created-dlq, then checks each copy: the
 * group that parked it, the error type its kind must give, attempt 1 (never retried), the original topic, a
 * message; and that no poison record went through a retry topic.
 */
export async function checkDeadLetters(ctx: ChaosContext, bootstrap: string, records: readonly PoisonRecord[], problems: string[], facts: string[]): Promise<void> {
  const dlq = deadLetterTopic(Topics.OrderCreated);
  const expected = records.length * ORDER_CREATED_GROUPS.length;
  const started = Date.now();
  await waitFor(async () => ((await recordCount(bootstrap, dlq)) >= expected ? true : undefined), `${expected} records in ${dlq}`, 60_000, 500).catch(() => undefined);
  ctx.log(`${dlq}: ${await recordCount(bootstrap, dlq)} records (${expected} expected) after ${((Date.now() - started) / 1000).toFixed(1)} s more`);

  const copies = poisonDeadLetters(await readTopicsWithHeaders(bootstrap, [dlq]));
  const byMarker = new Map<string, string[]>();
  for (const copy of copies) byMarker.set(copy.marker, [...(byMarker.get(copy.marker) ?? []), copy.group ?? '(no group)']);
  const wrong: string[] = [];
  for (const record of records) {
    const groups = [...(byMarker.get(record.marker) ?? [])].sort();
    if (groups.join() !== [...ORDER_CREATED_GROUPS].sort().join()) wrong.push(`#${record.marker} (${record.kind}): ${groups.length === 0 ? 'not dead-lettered' : groups.join('+')}`);
  }
  if (wrong.length > 0) problems.push(`${wrong.length} of ${records.length} poison records not dead-lettered exactly once per group, e.g. ${wrong.slice(0, 4).join('; ')}`);

  const kindOf = new Map(records.map((record) => [record.marker, record.kind]));
  const misdescribed: string[] = [];
  const byType = new Map<string, number>();
  for (const copy of copies) {
    const kind = kindOf.get(copy.marker);
    byType.set(copy.errorType ?? '(none)', (byType.get(copy.errorType ?? '(none)') ?? 0) + 1);
    const why = kind === undefined ? undefined : expectedErrorType(kind);
    if (copy.errorType !== why || copy.attempts !== '1' || copy.originalTopic !== Topics.OrderCreated || !copy.errorMessage) {
      misdescribed.push(`#${copy.marker} (${kind}) in ${copy.group}: type ${copy.errorType} (expected ${why}), attempts ${copy.attempts}, origin ${copy.originalTopic}`);
    }
  }
  if (misdescribed.length > 0) problems.push(`${misdescribed.length} dead letters whose dlq-* headers do not say why, e.g. ${misdescribed.slice(0, 3).join('; ')}`);
  facts.push(
    `poison: ${records.length} produced, ${byMarker.size} found in ${dlq} (${copies.length} copies), by dlq-error-type: ${[...byType]
      .sort()
      .map(([type, n]) => `${type} ${n}`)
      .join(', ')}`,
  );

  const retryTopics = await retryTopicsOf(bootstrap, Topics.OrderCreated);
  const retried = retryTopics.length === 0 ? [] : (await readTopicsWithHeaders(bootstrap, retryTopics)).filter((record) => poisonMarkerOf(record.key, record.headers) !== undefined);
  facts.push(`poison records in retry topics: ${retried.length} (${retryTopics.length} retry topics exist)`);
  if (retried.length > 0) problems.push(`${retried.length} poison records went through retry topics as if transient (${[...new Set(retried.map((r) => r.topic))].join(', ')})`);
  const unmarked = records.filter((record) => record.kind !== 'missing-headers' && record.headers[POISON_HEADER] === undefined).length;
  if (unmarked > 0) problems.push(`${unmarked} poison records were generated without a marker`);
}

/** analytics-service counts every dead letter it reads, once: its count must reach what the topic holds, exactly. */
export async function checkAnalytics(analytics: DownstreamProcess, bootstrap: string, facts: string[], problems: string[]): Promise<void> {
  const dlq = deadLetterTopic(Topics.OrderCreated);
  const inTopic = await recordCount(bootstrap, dlq);
  let counted: number | undefined;
  await waitFor(
    async () => {
      const response = await fetch(`${analytics.url}/analytics`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
      const body = response?.ok ? ((await response.json()) as { deadLettersByTopic?: Record<string, number> }) : undefined;
      counted = body?.deadLettersByTopic?.[dlq] ?? counted;
      return counted !== undefined && counted >= inTopic ? true : undefined;
    },
    `analytics to count ${inTopic} dead letters of ${dlq}`,
    30_000,
    500,
  ).catch(() => undefined);
  facts.push(`analytics-service counted ${counted ?? 0} dead letters of ${dlq}, which holds ${inTopic}`);
  if (counted !== inTopic) problems.push(`analytics-service counted ${counted ?? 0} dead letters of ${dlq}, which holds ${inTopic}`);
  if (!analytics.running) problems.push('analytics-service exited');
}
