import type { ChaosContext, ChaosOutcome, ChaosScenario } from '../scenario';
import { sleep } from '../support/child-process';
import { orderBodyCases, mutatedBodies } from '../support/fuzz-body-cases';
import { FuzzCase, postJson, Random, validOrder } from '../support/fuzz-case';
import { FuzzTally } from '../support/fuzz-checks';
import { exchange, rawRequest } from '../support/fuzz-http-client';
import { LivenessProbe } from '../support/fuzz-liveness';
import { contentTypeCases, garbageCases, headerCases, malformedJsonCases, paymentCases, urlAndMethodCases } from '../support/fuzz-protocol-cases';
import { pidListeningOn, rssMb } from '../support/fuzz-rss';
import { SlowClients } from '../support/fuzz-slow-clients';
import { ChaosStack, ORDER_PORT, PAYMENT_PORT } from '../support/stack';
import { REQUEST_TIMEOUT_MS } from '../../../libs/service-kit/src/bootstrap/create-service-app';
import { verifyOrders } from '../support/verify';

/** RSS may grow this much over the fuzz (heap warm-up, JIT, buffers), and must then hold still. */
const MAX_RSS_GROWTH_MB = 150;
const MAX_RSS_DRIFT_AFTER_MB = 20;
/** A liveness probe slower than this while the fuzz runs means someone was held up. */
const MAX_LIVENESS_P99_MS = 1500;
/** Every slow client must be cut off by then: the services' request timeout plus Node's 30 s checking interval. */
const SLOW_CLIENT_DEADLINE_MS = REQUEST_TIMEOUT_MS + 30_000 + 5000;

interface Size {
  readonly rounds: number;
  readonly mutations: number;
  readonly garbage: number;
  readonly slowClients: number;
  readonly concurrency: number;
  /** Wait for the server to cut every slow client off (up to {@link SLOW_CLIENT_DEADLINE_MS}), or only report. */
  readonly awaitSlowClients: boolean;
}

const FULL: Size = { rounds: 2, mutations: 1500, garbage: 300, slowClients: 40, concurrency: 8, awaitSlowClients: true };
const QUICK: Size = { rounds: 1, mutations: 150, garbage: 30, slowClients: 10, concurrency: 6, awaitSlowClients: false };

/**
 * Issue 5, HTTP fuzz: thousands of hostile requests over raw sockets at the order-service and the payment-service
 * (wrong types, missing and extra fields, huge and 10k-deep bodies, __proto__ keys, invalid UTF-8, wrong content
 * types and encodings, malformed JSON, huge and contradictory headers, absurd URLs and methods, pipelined and
 * random garbage) while slow clients dribble bytes. Zero 5xx; every answer a JSON error without internals, 400s
 * naming the fields; both services live throughout; RSS bounded; no prototype pollution; valid orders placed
 * during and after the fuzz are accepted and settled like every order the fuzz itself got accepted.
 */
export const httpFuzzScenario: ChaosScenario = {
  id: 'http-fuzz',
  title: 'thousands of hostile HTTP requests, slow clients',
  run,
};

async function run(ctx: ChaosContext): Promise<ChaosOutcome> {
  const stack = await ChaosStack.start(ctx, { label: 'input_fuzz' });
  let passed = false;
  try {
    const outcome = await fuzz(ctx, stack, ctx.quick ? QUICK : FULL);
    passed = outcome.problems.length === 0;
    return outcome;
  } finally {
    await stack.stop({ dropDatabase: passed });
  }
}

async function fuzz(ctx: ChaosContext, stack: ChaosStack, size: Size): Promise<ChaosOutcome> {
  const ports = { 'order-service': ctx.portBase + ORDER_PORT, 'payment-service': ctx.portBase + PAYMENT_PORT };
  const pids = { order: pidListeningOn(ports['order-service']), payment: pidListeningOn(ports['payment-service']) };
  if (pids.order === undefined || pids.payment === undefined) throw new Error(`could not find the services' pids (${JSON.stringify(pids)})`);
  const tally = new FuzzTally();
  const facts: string[] = [];
  const valid = new Map<string, number>();

  // Warm up (JIT, pools) so that the memory baseline is a running service, not a fresh one.
  for (let i = 0; i < 20; i++) await placeValidOrder(stack.orders.url, valid, tally, 'warm-up');
  const rssBefore = { order: rssMb(pids.order) ?? 0, payment: rssMb(pids.payment) ?? 0 };

  const cases = allCases(size, new Random(0x5eed));
  ctx.log(`fuzz: ${cases.length} hostile requests (${size.concurrency} at a time) and ${size.slowClients} slow clients`);
  const liveness = { order: new LivenessProbe(stack.orders.url), payment: new LivenessProbe(stack.payments[0].url) };
  const slow = new SlowClients(ports['order-service'], size.slowClients, 1000);
  const rssPeak = { order: 0, payment: 0 };
  const sampler = setInterval(() => {
    rssPeak.order = Math.max(rssPeak.order, rssMb(pids.order!) ?? 0);
    rssPeak.payment = Math.max(rssPeak.payment, rssMb(pids.payment!) ?? 0);
  }, 500);
  const started = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: size.concurrency }, async (_, worker) => {
      for (let i = next++; i < cases.length; i = next++) {
        const fuzzCase = cases[i];
        tally.record(
          fuzzCase,
          await exchange({ port: ports[fuzzCase.target], parts: fuzzCase.parts, answers: fuzzCase.answers === 0 ? 1 : fuzzCase.answers, timeoutMs: fuzzCase.answers === 0 ? 3000 : 20_000 }),
        );
        if (worker === 0 && i % 200 === 0) await placeValidOrder(stack.orders.url, valid, tally, 'during the fuzz');
      }
    }),
  );
  const fuzzMs = Date.now() - started;
  ctx.log(`fuzz done in ${(fuzzMs / 1000).toFixed(1)} s; ${slow.closedByServer} of ${slow.count} slow clients closed by the server so far`);
  const faultEndedAt = Date.now();

  await checkPollution(stack.orders.url, tally);
  for (let i = 0; i < 5; i++) await placeValidOrder(stack.orders.url, valid, tally, 'after the fuzz');
  await sleep(5000);
  if (size.awaitSlowClients) {
    while (slow.closedByServer < slow.count && Date.now() - started < SLOW_CLIENT_DEADLINE_MS) await sleep(500);
  }
  clearInterval(sampler);
  const slowEnds = slow.stop();
  const live = { order: await liveness.order.stop(), payment: await liveness.payment.stop() };
  const rssAfter = { order: rssMb(pids.order), payment: rssMb(pids.payment) };

  const problems = [...tally.problems];
  for (const service of ['order', 'payment'] as const) {
    const l = live[service];
    facts.push(`${service}-service /health/live during the fuzz: ${l.probes - l.failures}/${l.probes} answered, p99 ${l.p99Ms} ms, max ${l.maxMs} ms`);
    if (l.failures > 0) problems.push(`${service}-service /health/live failed ${l.failures} of ${l.probes} times during the fuzz`);
    if (l.p99Ms > MAX_LIVENESS_P99_MS) problems.push(`${service}-service /health/live p99 ${l.p99Ms} ms > ${MAX_LIVENESS_P99_MS} ms during the fuzz`);
    const after = rssAfter[service];
    facts.push(
      `${service}-service RSS: ${rssBefore[service]} MB before, peak ${rssPeak[service]} MB, ${after ?? 'gone'} MB after (bound +${MAX_RSS_GROWTH_MB} MB, then within ${MAX_RSS_DRIFT_AFTER_MB} MB of the peak)`,
    );
    if (after === undefined) problems.push(`${service}-service exited during the fuzz`);
    else if (after - rssBefore[service] > MAX_RSS_GROWTH_MB) problems.push(`${service}-service RSS grew ${after - rssBefore[service]} MB (> ${MAX_RSS_GROWTH_MB} MB)`);
    else if (after > rssPeak[service] + MAX_RSS_DRIFT_AFTER_MB) problems.push(`${service}-service RSS still growing after the fuzz: ${after} MB > peak ${rssPeak[service]} MB`);
  }
  const closed = slowEnds.filter((end) => end.closedAfterMs !== undefined);
  facts.push(
    `slow clients: ${closed.length}/${slowEnds.length} closed by the server within ${((Date.now() - started) / 1000).toFixed(0)} s` +
      (closed.length > 0
        ? ` (after ${Math.min(...closed.map((e) => e.closedAfterMs!))}-${Math.max(...closed.map((e) => e.closedAfterMs!))} ms, answers: ${[...new Set(closed.map((e) => e.answer ?? 'none'))].join(', ')})`
        : ''),
  );
  if (size.awaitSlowClients && closed.length < slowEnds.length) {
    problems.push(`${slowEnds.length - closed.length} of ${slowEnds.length} slow clients still connected ${SLOW_CLIENT_DEADLINE_MS / 1000} s after they started dribbling`);
  }
  facts.push(
    `hostile requests: ${cases.length} in ${(fuzzMs / 1000).toFixed(1)} s, ${tally.answered} answers, 5xx: ${tally.serverErrors}, orders the fuzz got accepted: ${tally.accepted.size}`,
  );
  facts.push(...tally.describe());
  if (problems.length > 30) problems.splice(30, problems.length - 30, `... and ${problems.length - 30} more problems`);

  const accepted = new Map([...valid, ...tally.accepted]);
  return verifyOrders({
    scenario: httpFuzzScenario.id,
    databaseUrl: stack.database.url,
    bootstrapServers: stack.broker.bootstrapServers,
    accepted,
    settleTimeoutMs: 60_000,
    faultEndedAt,
    problems,
    facts,
  });
}

/** Every case, the fixed ones `rounds` times, shuffled so that heavy ones (8 MB, gzip bombs) are spread out. */
function allCases(size: Size, random: Random): FuzzCase[] {
  const fixed = [
    ...orderBodyCases(),
    ...contentTypeCases(),
    ...malformedJsonCases(),
    ...headerCases('order-service', '/orders'),
    ...headerCases('payment-service', '/health/live'),
    ...urlAndMethodCases('order-service', '/orders'),
    ...urlAndMethodCases('payment-service', '/payments'),
    ...paymentCases(),
  ];
  const cases = [...Array.from({ length: size.rounds }, () => fixed).flat(), ...mutatedBodies(size.mutations, random), ...garbageCases('order-service', random, size.garbage)];
  for (let i = cases.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [cases[i], cases[j]] = [cases[j], cases[i]];
  }
  return cases;
}

/** A valid order over a raw socket like the fuzz's: it must get its 201 whatever the fuzz is doing. */
async function placeValidOrder(url: string, accepted: Map<string, number>, tally: FuzzTally, when: string): Promise<void> {
  const port = Number(new URL(url).port);
  const result = await exchange({ port, parts: [postJson(JSON.stringify(validOrder(`fuzz-valid-${accepted.size}`)))], timeoutMs: 10_000 });
  const answer = result.answers[0];
  const orderId = answer?.status === 201 ? (JSON.parse(answer.body.toString('utf8')) as { orderId?: string }).orderId : undefined;
  if (orderId !== undefined) accepted.set(orderId, Date.now());
  else tally.problems.push(`a valid order ${when} got ${answer?.status ?? `no answer (${result.end})`} instead of 201`);
}

/**
 * After `__proto__` / `constructor.prototype` bodies carrying `userId` and `items`: if they had reached
 * Object.prototype, a body without those fields would pass validation through the prototype chain.
 */
async function checkPollution(url: string, tally: FuzzTally): Promise<void> {
  const port = Number(new URL(url).port);
  const probes: Array<[string, Buffer, string]> = [
    ['a body without userId', postJson(JSON.stringify({ items: validOrder().items })), 'userId'],
    ['an empty body', postJson('{}'), 'items'],
    ['GET /orders without userId', rawRequest('GET', '/orders?limit=5'), 'userId'],
  ];
  for (const [name, request, path] of probes) {
    const answer = (await exchange({ port, parts: [request] })).answers[0];
    const fields = answer === undefined ? [] : ((JSON.parse(answer.body.toString('utf8')) as { fields?: Array<{ path: string }> }).fields ?? []);
    if (answer?.status !== 400 || !fields.some((field) => field.path === path)) {
      tally.problems.push(`prototype pollution? ${name} after the fuzz answered ${answer?.status}: ${answer?.body.toString('utf8').slice(0, 160)}`);
    }
  }
  const polluted = (await exchange({ port, parts: [rawRequest('GET', '/orders?userId=polluted-user')] })).answers[0];
  const items = polluted === undefined ? undefined : (JSON.parse(polluted.body.toString('utf8')) as { orders?: unknown[] }).orders;
  if (polluted?.status !== 200 || !Array.isArray(items) || items.length > 0) {
    tally.problems.push(`orders placed under the userId hidden in __proto__ bodies: ${polluted?.status} ${polluted?.body.toString('utf8').slice(0, 160)}`);
  }
}
