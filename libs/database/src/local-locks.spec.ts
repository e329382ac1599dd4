import { LocalLocks } from './local-locks';

describe('LocalLocks', () => {
  it('refuses a held lock without waiting, and grants it again once released', async () => {
    const locks = new LocalLocks();
    let release!: () => void;
    const holding = locks.run('relay', false, () => new Promise<string>((resolve) => (release = () => resolve('done'))));
    await expect(locks.run('relay', false, async () => 'second')).resolves.toEqual({ acquired: false });
    await expect(locks.run('other', false, async () => 'other')).resolves.toEqual({ acquired: true, value: 'other' });
    release();
    await expect(holding).resolves.toEqual({ acquired: true, value: 'done' });
    await expect(locks.run('relay', false, async () => 'third')).resolves.toEqual({ acquired: true, value: 'third' });
  });

  it('queues waiters one at a time and releases the lock when the holder throws', async () => {
    const locks = new LocalLocks();
    const trace: string[] = [];
    const work = (name: string, fail = false) =>
      locks.run('migrations', true, async () => {
        trace.push(`${name} in`);
        await new Promise((resolve) => setImmediate(resolve));
        trace.push(`${name} out`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([work('a', true), work('b'), work('c')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(trace).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
  });
});
