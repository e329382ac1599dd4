/** How the simulated gateway behaves; changed at runtime through `PUT /admin/gateway`. */
export interface SimulatedGatewaySettings {
  /** Fixed part of every call's latency. */
  readonly latencyMs: number;
  /** Up to this much is added at random to each call. */
  readonly latencyJitterMs: number;
  /** Share of ordinary charges declined (decided by the idempotency key, so a key always gets the same answer). */
  readonly declineRate: number;
  /** Share of ordinary calls that time out (retriable). */
  readonly transientFailureRate: number;
  /** Share of ordinary calls that get a response the service cannot read (not retriable). */
  readonly bugRate: number;
  /** While on, charges for `test-bug*` users fail as a malfunction; turning it off "deploys the fix". */
  readonly bugMode: boolean;
}

export const MAX_GATEWAY_LATENCY_MS = 60_000;

const RATES = ['declineRate', 'transientFailureRate', 'bugRate'] as const;
const DURATIONS = ['latencyMs', 'latencyJitterMs'] as const;

/** What is wrong with `settings`, one line per field; empty when they are usable. */
export function gatewaySettingsProblems(settings: SimulatedGatewaySettings): string[] {
  const problems: string[] = [];
  for (const name of DURATIONS) {
    const value = settings[name];
    if (!Number.isInteger(value) || value < 0 || value > MAX_GATEWAY_LATENCY_MS) {
      problems.push(`${name} must be an integer from 0 to ${MAX_GATEWAY_LATENCY_MS}, got ${value}`);
    }
  }
  for (const name of RATES) {
    const value = settings[name];
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) problems.push(`${name} must be a number from 0 to 1, got ${value}`);
  }
  if (typeof settings.bugMode !== 'boolean') problems.push(`bugMode must be a boolean, got ${String(settings.bugMode)}`);
  return problems;
}

/** Thrown for settings the gateway cannot run with; never retriable. */
export class InvalidGatewaySettingsError extends Error {
  override readonly name = 'InvalidGatewaySettingsError';
  readonly code = 'GATEWAY.INVALID_SETTINGS';
  readonly retriable = false;

  constructor(readonly problems: readonly string[]) {
    super(`invalid gateway settings: ${problems.join('; ')}`);
  }
}

/** A frozen copy of `settings`, or {@link InvalidGatewaySettingsError}. */
export function resolveGatewaySettings(settings: SimulatedGatewaySettings): SimulatedGatewaySettings {
  const copy: SimulatedGatewaySettings = {
    latencyMs: settings.latencyMs,
    latencyJitterMs: settings.latencyJitterMs,
    declineRate: settings.declineRate,
    transientFailureRate: settings.transientFailureRate,
    bugRate: settings.bugRate,
    bugMode: settings.bugMode,
  };
  const problems = gatewaySettingsProblems(copy);
  if (problems.length > 0) throw new InvalidGatewaySettingsError(problems);
  return Object.freeze(copy);
}
