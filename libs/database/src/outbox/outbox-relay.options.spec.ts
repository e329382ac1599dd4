import { resolveOutboxRelayOptions } from './outbox-relay.options';

describe('resolveOutboxRelayOptions', () => {
  it('defaults to 500-row batches, a 250 ms poll and a day of retention', () => {
    expect(resolveOutboxRelayOptions({})).toMatchObject({
      batchSize: 500,
      pollIntervalMs: 250,
      retryInitialMs: 100,
      retryMaxMs: 10_000,
      retentionMs: 86_400_000,
      purgeIntervalMs: 60_000,
      lockTurnMs: 1000,
    });
  });

  it.each([{ batchSize: 0 }, { batchSize: 10_001 }, { pollIntervalMs: 0 }, { retentionMs: -1 }, { retryInitialMs: 50, retryMaxMs: 10 }, { purgeIntervalMs: 2.5 }, { lockTurnMs: 0 }])(
    'rejects %j',
    (options) => {
      expect(() => resolveOutboxRelayOptions(options)).toThrow(expect.objectContaining({ code: 'OUTBOX.INVALID_OPTIONS' }));
    },
  );
});
