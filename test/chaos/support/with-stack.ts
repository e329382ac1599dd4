import type { ChaosContext, ChaosOutcome } from '../scenario';
import type { AcceptedOrders } from './verify';
import { verifyOrders } from './verify';
import { ChaosStack, StackOptions } from './stack';

/** What a scenario's fault phase hands to the end check. */
export interface FaultResult {
  readonly accepted: AcceptedOrders;
  /** When the fault ended (the process restarted, the connection restored), ms since epoch. */
  readonly faultEndedAt: number;
  readonly problems: readonly string[];
  readonly facts: readonly string[];
  /** Events the scenario forged (left out of the paid-twice count: the services never paid them). */
  readonly forgedEventIds?: ReadonlySet<string>;
}

/**
 * Starts a stack, runs the scenario's load and fault against it, runs the end check, and stops everything,
 * also when something throws. The database is dropped after a passing run and kept after a failing one.
 */
export async function withStack(
  ctx: ChaosContext,
  scenario: string,
  options: StackOptions & { readonly settleTimeoutMs: number },
  fault: (stack: ChaosStack) => Promise<FaultResult>,
): Promise<ChaosOutcome> {
  const stack = await ChaosStack.start(ctx, options);
  let passed = false;
  try {
    const result = await fault(stack);
    ctx.log(`fault over; checking ${result.accepted.size} accepted orders (waiting up to ${options.settleTimeoutMs / 1000} s for them to settle)`);
    const outcome = await verifyOrders({
      scenario,
      databaseUrl: stack.database.url,
      bootstrapServers: stack.broker.bootstrapServers,
      accepted: result.accepted,
      settleTimeoutMs: options.settleTimeoutMs,
      faultEndedAt: result.faultEndedAt,
      problems: result.problems,
      facts: result.facts,
      forgedEventIds: result.forgedEventIds,
    });
    passed = outcome.problems.length === 0;
    return outcome;
  } finally {
    await stack.stop({ dropDatabase: passed });
  }
}

/** `2.4 s` */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
