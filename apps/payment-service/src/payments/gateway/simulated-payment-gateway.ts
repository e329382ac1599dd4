import { createHash } from 'node:crypto';
import { ChargeRequest, ChargeResult, GatewayError, PaymentGateway } from './payment-gateway';
import { resolveGatewaySettings, SimulatedGatewaySettings } from './simulated-gateway.settings';

/** User id prefixes with a fixed outcome, for tests and demos (see the service README). */
export const TestUsers = Object.freeze({
  /** Always declined (reason DECLINED). */
  Decline: 'test-decline',
  /** Unavailable (retriable) while the delivery attempt is below {@link FLAKY_SUCCEEDS_AT_ATTEMPT}. */
  Flaky: 'test-flaky',
  /** A malfunction (not retriable) while `bugMode` is on; approved once it is off. */
  Bug: 'test-bug',
});

export const FLAKY_SUCCEEDS_AT_ATTEMPT = 3;

const TEST_USER_PREFIX = 'test-';

export interface SimulatedGatewayHooks {
  /** Uniform in [0, 1); default Math.random. */
  random?: () => number;
  /** Default: a timer. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * An in-process stand-in for a card processor with configurable latency and failure rates. Answers depend only on
 * the idempotency key (and the settings), so every instance of the service gets the same answer for one order,
 * as a real gateway with idempotency keys would give. `test-*` users get fixed outcomes and never random ones.
 */
export class SimulatedPaymentGateway implements PaymentGateway {
  private current: SimulatedGatewaySettings;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(settings: SimulatedGatewaySettings, hooks: SimulatedGatewayHooks = {}) {
    this.current = resolveGatewaySettings(settings);
    this.random = hooks.random ?? Math.random;
    this.sleep = hooks.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  get settings(): SimulatedGatewaySettings {
    return this.current;
  }

  /** Replaces the fields given; all or nothing (throws `GATEWAY.INVALID_SETTINGS`). Returns the new settings. */
  update(changes: Partial<SimulatedGatewaySettings>): SimulatedGatewaySettings {
    const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    this.current = resolveGatewaySettings({ ...this.current, ...defined });
    return this.current;
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const settings = this.current;
    const latency = settings.latencyMs + Math.round(settings.latencyJitterMs * this.random());
    if (latency > 0) await this.sleep(latency);
    const reference = `sim_${digest(request.idempotencyKey).toString('hex').slice(0, 24)}`;
    const { userId, attempt } = request;

    if (userId.startsWith(TEST_USER_PREFIX)) {
      if (userId.startsWith(TestUsers.Bug) && settings.bugMode) throw malfunction();
      if (userId.startsWith(TestUsers.Flaky) && attempt < FLAKY_SUCCEEDS_AT_ATTEMPT) throw unavailable();
      if (userId.startsWith(TestUsers.Decline)) return declined(reference);
      return { status: 'approved', reference };
    }
    if (this.random() < settings.transientFailureRate) throw unavailable();
    if (this.random() < settings.bugRate) throw malfunction();
    if (unitInterval(request.idempotencyKey) < settings.declineRate) return declined(reference);
    return { status: 'approved', reference };
  }
}

function declined(reference: string): ChargeResult {
  return { status: 'declined', reference, reason: 'DECLINED', message: 'card declined by the issuer' };
}

function unavailable(): GatewayError {
  return new GatewayError('GATEWAY.UNAVAILABLE', 'payment gateway timed out');
}

function malfunction(): GatewayError {
  return new GatewayError('GATEWAY.MALFUNCTION', 'payment gateway answered with a response that cannot be read');
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

/** A number in [0, 1) fixed by `key`. */
function unitInterval(key: string): number {
  return digest(key).readUIntBE(0, 6) / 2 ** 48;
}
