import { crc32c } from '../src/protocol/crc32c';
import { BatchHeader, buildControlBatch, readBatchHeader } from '../src/protocol/record-batch';

export interface ProducerBatchSpec {
  producerId: number;
  epoch?: number;
  baseSequence?: number;
  records?: number;
  transactional?: boolean;
}

/**
 * A record batch as a producer would send it, for unit tests that append straight to a
 * PartitionLog (which keeps batches as opaque bytes): a one-record control batch's layout
 * with the producer fields and attributes rewritten (CRC recomputed); records beyond the
 * first are notional.
 */
export function producerBatch(spec: ProducerBatchSpec): { header: BatchHeader; data: Buffer } {
  const records = spec.records ?? 1;
  const data = buildControlBatch('COMMIT', spec.producerId, spec.epoch ?? 0, 0, Date.now());
  data.writeInt16BE(spec.transactional ? 0x10 : 0, 21);
  data.writeInt32BE(records - 1, 23);
  data.writeInt16BE(spec.epoch ?? 0, 51);
  data.writeInt32BE(spec.baseSequence ?? 0, 53);
  data.writeInt32BE(records, 57);
  data.writeUInt32BE(crc32c(data, 21), 17); // recovery from disk checks it
  return { header: readBatchHeader(data), data };
}
