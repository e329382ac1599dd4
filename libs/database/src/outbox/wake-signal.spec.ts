import { WakeSignal } from './wake-signal';

const HOUR = 3_600_000;

async function settled(promise: Promise<void>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('WakeSignal', () => {
  it('ends a wakeable sleep on wake()', async () => {
    const signal = new WakeSignal();
    const sleeping = signal.sleep(HOUR, true);
    expect(await settled(sleeping)).toBe(false);
    signal.wake();
    await sleeping;
  });

  it('remembers a wake that came while nobody slept, once', async () => {
    const signal = new WakeSignal();
    signal.wake();
    await signal.sleep(HOUR, true);
    expect(await settled(signal.sleep(HOUR, true))).toBe(false);
    signal.halt();
  });

  it('does not cut a backoff short on wake(), but does on halt(), until reset()', async () => {
    const signal = new WakeSignal();
    const backoff = signal.sleep(HOUR, false);
    signal.wake();
    expect(await settled(backoff)).toBe(false);
    signal.halt();
    await backoff;
    await signal.sleep(HOUR, false);
    signal.reset();
    const next = signal.sleep(HOUR, true);
    expect(await settled(next)).toBe(true); // the earlier wake was kept
    const last = signal.sleep(HOUR, false);
    expect(await settled(last)).toBe(false);
    signal.halt();
  });

  it('hands a wake that came while nobody slept to takeWake(), once, instead of to the next sleep', async () => {
    const signal = new WakeSignal();
    expect(signal.takeWake()).toBe(false);
    signal.wake();
    expect(signal.takeWake()).toBe(true);
    expect(signal.takeWake()).toBe(false);
    expect(await settled(signal.sleep(HOUR, true))).toBe(false);
    signal.halt();
  });
});
