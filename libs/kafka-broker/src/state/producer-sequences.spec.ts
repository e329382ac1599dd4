import { ErrorCode } from '../protocol/error-codes';
import { producerBatch } from '../../test/producer-batches';
import { PartitionLog } from './partition-log';
import { ProducerSequences } from './producer-sequences';

function append(log: PartitionLog, spec: Parameters<typeof producerBatch>[0]) {
  const b = producerBatch(spec);
  return log.append(b.header, b.data);
}

describe('idempotent producer sequences', () => {
  it('answers a retried batch with its original offset and stores it once', () => {
    const log = new PartitionLog('t', 0);
    const first = append(log, { producerId: 7, baseSequence: 0, records: 3 });
    const other = append(log, { producerId: 8, baseSequence: 0 });
    const retry = append(log, { producerId: 7, baseSequence: 0, records: 3 });
    expect(first).toMatchObject({ errorCode: 0, baseOffset: 0, duplicate: false });
    expect(other).toMatchObject({ errorCode: 0, baseOffset: 3 });
    expect(retry).toMatchObject({ errorCode: 0, baseOffset: 0, duplicate: true });
    expect(log.highWatermark).toBe(4);
    expect(log.read(0, 1 << 20, false, true).batches).toHaveLength(2);
  });

  it('recognises any of the last five batches as duplicates', () => {
    const log = new PartitionLog('t', 0);
    for (let i = 0; i < 5; i++) append(log, { producerId: 1, baseSequence: i * 2, records: 2 });
    expect(append(log, { producerId: 1, baseSequence: 2, records: 2 })).toMatchObject({ baseOffset: 2, duplicate: true });
    expect(log.highWatermark).toBe(10);
  });

  it('refuses a gap in sequence numbers with OUT_OF_ORDER_SEQUENCE_NUMBER and writes nothing', () => {
    const log = new PartitionLog('t', 0);
    append(log, { producerId: 3, baseSequence: 0, records: 2 });
    expect(append(log, { producerId: 3, baseSequence: 5 }).errorCode).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    expect(append(log, { producerId: 4, baseSequence: 1 }).errorCode).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    expect(log.highWatermark).toBe(2);
    expect(append(log, { producerId: 3, baseSequence: 2 })).toMatchObject({ errorCode: 0, baseOffset: 2 });
  });

  it('fences an older epoch, and a newer epoch starts again at sequence 0', () => {
    const log = new PartitionLog('t', 0);
    append(log, { producerId: 5, epoch: 0, baseSequence: 0 });
    expect(append(log, { producerId: 5, epoch: 1, baseSequence: 4 }).errorCode).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    expect(append(log, { producerId: 5, epoch: 1, baseSequence: 0 }).errorCode).toBe(0);
    expect(append(log, { producerId: 5, epoch: 0, baseSequence: 1 }).errorCode).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
  });

  it('fences a transactional producer once a marker carries a newer epoch', () => {
    const log = new PartitionLog('t', 0);
    append(log, { producerId: 9, epoch: 2, baseSequence: 0, transactional: true });
    log.writeControl('ABORT', 9, 3, 0, Date.now());
    expect(append(log, { producerId: 9, epoch: 2, baseSequence: 1, transactional: true }).errorCode).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(append(log, { producerId: 9, epoch: 3, baseSequence: 0, transactional: true }).errorCode).toBe(0);
  });

  it('keeps the sequence across a marker of the same epoch (one producer, many transactions)', () => {
    const log = new PartitionLog('t', 0);
    append(log, { producerId: 2, baseSequence: 0, records: 3, transactional: true });
    log.writeControl('COMMIT', 2, 0, 0, Date.now());
    expect(append(log, { producerId: 2, baseSequence: 3, transactional: true })).toMatchObject({ errorCode: 0, baseOffset: 4 });
  });

  it('fences a batch without sequence numbers from an older epoch too', () => {
    const log = new PartitionLog('t', 0);
    append(log, { producerId: 6, epoch: 1, baseSequence: 0 });
    expect(append(log, { producerId: 6, epoch: 0, baseSequence: -1 }).errorCode).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(new ProducerSequences().check(producerBatch({ producerId: -1, baseSequence: -1 }).header)).toEqual({ kind: 'append' });
  });
});
