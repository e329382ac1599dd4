import { ChargeRequest, GatewayError } from './payment-gateway';
import { SimulatedGatewaySettings } from './simulated-gateway.settings';
import { SimulatedPaymentGateway } from './simulated-payment-gateway';

const calm: SimulatedGatewaySettings = {
  latencyMs: 0,
  latencyJitterMs: 0,
  declineRate: 0,
  transientFailureRate: 0,
  bugRate: 0,
  bugMode: false,
};

function charge(overrides: Partial<ChargeRequest> = {}): ChargeRequest {
  return { idempotencyKey: 'ord_1', userId: 'usr_1', amountCents: 8899, currency: 'USD', attempt: 1, ...overrides };
}

describe('SimulatedPaymentGateway', () => {
  it('approves ordinary charges when no failure is configured', async () => {
    const result = await new SimulatedPaymentGateway(calm).charge(charge());
    expect(result).toEqual({ status: 'approved', reference: expect.stringMatching(/^sim_[0-9a-f]{24}$/) });
  });

  it('always declines test-decline users', async () => {
    const result = await new SimulatedPaymentGateway(calm).charge(charge({ userId: 'test-decline-7' }));
    expect(result).toMatchObject({ status: 'declined', reason: 'DECLINED' });
  });

  it('fails test-flaky users as unavailable (retriable) until the third attempt', async () => {
    const gateway = new SimulatedPaymentGateway(calm);
    for (const attempt of [1, 2]) {
      const failure = await gateway.charge(charge({ userId: 'test-flaky', attempt })).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(GatewayError);
      expect(failure).toMatchObject({ code: 'GATEWAY.UNAVAILABLE', retriable: true });
    }
    await expect(gateway.charge(charge({ userId: 'test-flaky', attempt: 3 }))).resolves.toMatchObject({ status: 'approved' });
  });

  it('fails test-bug users as a malfunction (not retriable) while bug mode is on, and approves them once it is off', async () => {
    const gateway = new SimulatedPaymentGateway({ ...calm, bugMode: true });
    await expect(gateway.charge(charge({ userId: 'test-bug' }))).rejects.toMatchObject({ code: 'GATEWAY.MALFUNCTION', retriable: false });
    gateway.update({ bugMode: false });
    await expect(gateway.charge(charge({ userId: 'test-bug' }))).resolves.toMatchObject({ status: 'approved' });
  });

  it('answers one idempotency key the same way on every instance', async () => {
    const settings = { ...calm, declineRate: 0.5 };
    const keys = Array.from({ length: 40 }, (_, i) => `ord_${i}`);
    const first = await Promise.all(keys.map((key) => new SimulatedPaymentGateway(settings).charge(charge({ idempotencyKey: key }))));
    const second = await Promise.all(keys.map((key) => new SimulatedPaymentGateway(settings).charge(charge({ idempotencyKey: key }))));
    expect(second).toEqual(first);
    const declined = first.filter((result) => result.status === 'declined').length;
    expect(declined).toBeGreaterThan(5);
    expect(declined).toBeLessThan(35);
  });

  it('applies the failure rates to ordinary users only', async () => {
    const failing = new SimulatedPaymentGateway({ ...calm, transientFailureRate: 1 });
    await expect(failing.charge(charge())).rejects.toMatchObject({ code: 'GATEWAY.UNAVAILABLE' });
    await expect(failing.charge(charge({ userId: 'test-ok' }))).resolves.toMatchObject({ status: 'approved' });
    const buggy = new SimulatedPaymentGateway({ ...calm, bugRate: 1 });
    await expect(buggy.charge(charge())).rejects.toMatchObject({ code: 'GATEWAY.MALFUNCTION' });
    const declining = new SimulatedPaymentGateway({ ...calm, declineRate: 1 });
    await expect(declining.charge(charge())).resolves.toMatchObject({ status: 'declined' });
  });

  it('waits the fixed latency plus a random share of the jitter', async () => {
    const waits: number[] = [];
    const gateway = new SimulatedPaymentGateway(
      { ...calm, latencyMs: 100, latencyJitterMs: 50 },
      {
        random: () => 0.5,
        sleep: async (ms) => void waits.push(ms),
      },
    );
    await gateway.charge(charge());
    expect(waits).toEqual([125]);
  });

  it('refuses invalid settings and keeps the previous ones', () => {
    expect(() => new SimulatedPaymentGateway({ ...calm, declineRate: 2 })).toThrow(/declineRate must be a number from 0 to 1/);
    const gateway = new SimulatedPaymentGateway(calm);
    expect(() => gateway.update({ bugMode: true, latencyMs: -1 })).toThrow(/latencyMs/);
    expect(gateway.settings).toEqual(calm);
    expect(gateway.update({ bugMode: true })).toEqual({ ...calm, bugMode: true });
  });

  it("does not keep the caller's settings object", () => {
    const settings = { ...calm };
    const gateway = new SimulatedPaymentGateway(settings);
    gateway.update({ bugMode: true });
    expect(settings.bugMode).toBe(false);
  });
});
