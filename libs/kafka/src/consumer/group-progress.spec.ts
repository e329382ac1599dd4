import { GroupProgress } from './group-progress';

describe('GroupProgress', () => {
  it('is stalled only while behind and not moving', () => {
    const progress = new GroupProgress();
    progress.reset(1000);
    expect(progress.stalledFor(90_000)).toBe(0);
    progress.batchArrived('t', 0, 5, 100_000);
    expect(progress.stalledFor(130_000)).toBe(30_000);
    progress.resolved('t', 0, 4, 130_000);
    expect(progress.stalledFor(131_000)).toBe(1000);
    progress.resolved('t', 0, 0, 132_000);
    expect(progress.stalledFor(500_000)).toBe(0);
    expect(progress.total()).toBe(0);
  });
});
