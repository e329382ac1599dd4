/**
 * A load generator in its own process, so its CPU is not the measured service's and is reported on its own line:
 *   node --import tsx bench/support/load-worker.ts '<LoadPlan as JSON>'   (with an IPC channel; see load.ts)
 * Closed loop through autocannon; open loop with node:http on a fixed schedule (autocannon's rate limit waits
 * for answers, which hides a stalled server: coordinated omission).
 */
import autocannon from 'autocannon';
import { createWriteStream } from 'node:fs';
import { Agent, request } from 'node:http';
import { summarizeLatencies } from './stats';
import { bodyText, ClosedLoopPlan, ClosedLoopResult, LoadPlan, LoadResult, OpenLoopPlan, OpenLoopResult } from './load-plan';
import { measuredWorkerMain } from './worker-main';

const REQUEST_TIMEOUT_MS = 30_000;

async function closedLoop(plan: ClosedLoopPlan, started: () => void): Promise<ClosedLoopResult> {
  started();
  const result = await autocannon({
    url: plan.url,
    method: plan.method,
    connections: plan.connections,
    duration: plan.durationSeconds,
    headers: { 'content-type': 'application/json' },
    body: plan.body === undefined ? undefined : bodyText(plan.body, 0),
    timeout: REQUEST_TIMEOUT_MS / 1000,
  });
  return {
    kind: 'closed',
    requestsPerSecond: result['2xx'] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

function openLoop(plan: OpenLoopPlan, started: () => void): Promise<OpenLoopResult> {
  const target = new URL(plan.url);
  const agent = new Agent({ keepAlive: true, maxSockets: plan.maxConnections ?? 256 });
  const record = plan.recordFile === undefined ? undefined : createWriteStream(plan.recordFile);
  const intervalMs = 1000 / plan.ratePerSecond;
  const warmupCount = Math.round(plan.warmupSeconds * plan.ratePerSecond);
  const total = warmupCount + Math.round(plan.durationSeconds * plan.ratePerSecond);
  const startAt = performance.now() + 20;
  const measuredFrom = startAt + warmupCount * intervalMs;
  const latencies: number[] = [];
  let next = 0;
  let finished = 0;
  let errors = 0;
  let non2xx = 0;
  let maxSendLagMs = 0;
  let lastAnswerAt = measuredFrom;
  let unanswered = 0;
  /** Requests not answered yet, by index: abandoning one counts its wait so far as its latency (a lower bound). */
  const pending = new Map<number, () => void>();

  return new Promise((resolveResult) => {
    const done = (): void => {
      agent.destroy();
      const windowSeconds = (lastAnswerAt - measuredFrom) / 1000;
      const summary = summarizeLatencies(latencies);
      const result: OpenLoopResult = {
        kind: 'open',
        offeredPerSecond: plan.ratePerSecond,
        completedPerSecond: windowSeconds > 0 ? (latencies.length - unanswered) / windowSeconds : 0,
        p50Ms: summary.p50,
        p99Ms: summary.p99,
        maxMs: summary.max,
        sent: total - warmupCount,
        errors,
        non2xx,
        unanswered,
        maxSendLagMs,
      };
      if (record === undefined) resolveResult(result);
      else record.end(() => resolveResult(result));
    };
    const answered = (index: number, scheduledAt: number, status: number | undefined | 'abandoned', body: string): void => {
      const now = performance.now();
      finished += 1;
      pending.delete(index);
      if (index >= warmupCount) {
        if (status === 'abandoned') {
          unanswered += 1;
          latencies.push(now - scheduledAt);
        } else if (status === undefined) errors += 1;
        else if (status < 200 || status > 299) non2xx += 1;
        else {
          latencies.push(now - scheduledAt);
          lastAnswerAt = now;
          record?.write(`${JSON.stringify({ scheduledAtMs: performance.timeOrigin + scheduledAt, body: parseOrText(body) })}\n`);
        }
      }
      if (finished === total) done();
    };
    const fire = (index: number): void => {
      const scheduledAt = startAt + index * intervalMs;
      maxSendLagMs = Math.max(maxSendLagMs, performance.now() - scheduledAt);
      const payload = plan.body === undefined ? undefined : bodyText(plan.body, index);
      const headers = payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
      let settled = false;
      const settle = (status: number | undefined | 'abandoned', text: string): void => {
        if (settled) return;
        settled = true;
        answered(index, scheduledAt, status, text);
      };
      const req = request({ agent, host: target.hostname, port: target.port, path: target.pathname + target.search, method: plan.method, headers, timeout: REQUEST_TIMEOUT_MS }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => settle(res.statusCode, text));
      });
      const fail = (): void => {
        req.destroy();
        settle(undefined, '');
      };
      req.on('timeout', fail).on('error', fail);
      pending.set(index, () => {
        req.destroy();
        settle('abandoned', '');
      });
      req.end(payload);
    };
    const tick = (): void => {
      const now = performance.now();
      while (next < total && startAt + next * intervalMs <= now) fire(next++);
      if (next < total) setTimeout(tick, Math.max(0, startAt + next * intervalMs - performance.now()));
      else setTimeout(() => [...pending.values()].forEach((abandon) => abandon()), (plan.drainSeconds ?? 15) * 1000).unref();
    };
    setTimeout(started, Math.max(0, measuredFrom - performance.now()));
    setTimeout(tick, Math.max(0, startAt - performance.now()));
  });
}

measuredWorkerMain<LoadPlan, LoadResult>((plan, started) => (plan.kind === 'closed' ? closedLoop(plan, started) : openLoop(plan, started)));

function parseOrText(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}
