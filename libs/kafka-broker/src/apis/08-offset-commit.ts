/**
 * OffsetCommit (key 8), versions 0-5.
 * Stores a group's offsets (negative ones as given, as Kafka does). v0, and any version with
 * generation -1 and no member id, is a "simple" commit, allowed while the group has no
 * members; otherwise the committer must be a member of the current generation (Kafka's
 * UNKNOWN_MEMBER_ID / ILLEGAL_GENERATION / REBALANCE_IN_PROGRESS). Partitions of unknown
 * topics fail alone, and the group is only looked at when some partition is valid.
 * The v1 commit timestamp and v2-4 retention time are read and ignored: offsets never expire.
 * A commit the metadata log cannot record (full disk) answers NOT_COORDINATOR, as Kafka maps a
 * KAFKA_STORAGE_ERROR from appending to __consumer_offsets; the client looks up and retries.
 * Not implemented: leader epochs (v6+), group.instance.id (v7+), flexible versions (v8+).
 */
import { ErrorCode } from '../protocol/error-codes';
import { StorageError } from '../state/storage/disk-io';
import { defineApi } from './api';
import { groupAccessError } from './group-access';

/** Kafka's offset.metadata.max.bytes default. */
const MAX_METADATA_LENGTH = 4096;

interface Req {
  groupId: string;
  generationId: number;
  memberId: string;
  topics: { name: string; partitions: { index: number; offset: number; metadata: string | null }[] }[];
}

interface Res {
  topics: { name: string; partitions: { index: number; errorCode: number }[] }[];
}

export const offsetCommitApi = defineApi<Req, Res>({
  key: 8,
  name: 'OffsetCommit',
  storageErrorCode: ErrorCode.NOT_COORDINATOR,
  minVersion: 0,
  maxVersion: 5,
  decode(r, v) {
    const groupId = r.string();
    const generationId = v >= 1 ? r.int32() : -1;
    const memberId = v >= 1 ? r.string() : '';
    if (v >= 2 && v <= 4) r.int64(); // retention time
    const topics = r.array((r) => ({
      name: r.string(),
      partitions: r.array((r) => {
        const index = r.int32();
        const offset = r.int64();
        if (v === 1) r.int64(); // commit timestamp
        return { index, offset, metadata: r.nullableString() };
      }),
    }));
    return { groupId, generationId, memberId, topics };
  },
  handle(ctx, req) {
    const { cluster } = ctx;
    const exists = (topic: string, partition: number) => cluster.topics.get(topic)?.partitions[partition] !== undefined;
    let groupError: number | undefined;
    const check = (): number => {
      groupError ??= groupAccessError(ctx, req.groupId, true);
      if (groupError === ErrorCode.NONE) {
        groupError = cluster.groups.validateCommit({ groupId: req.groupId, generationId: req.generationId, memberId: req.memberId, groupInstanceId: null });
      }
      return groupError;
    };
    return {
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map(({ index, offset, metadata }) => {
          if (!exists(t.name, index)) return { index, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
          const errorCode = check();
          if (errorCode !== ErrorCode.NONE) return { index, errorCode };
          if (metadata !== null && metadata.length > MAX_METADATA_LENGTH) return { index, errorCode: ErrorCode.OFFSET_METADATA_TOO_LARGE };
          try {
            cluster.groups.offsets.commit(req.groupId, t.name, index, offset, metadata);
          } catch (err) {
            // metadata.log refused it (full disk): the offset is not committed, the previous one stays
            if (!(err instanceof StorageError)) throw err;
            cluster.log.warn('offset commit refused: storage error', { group: req.groupId, topic: t.name, partition: index, error: err.message });
            return { index, errorCode: ErrorCode.NOT_COORDINATOR };
          }
          return { index, errorCode: ErrorCode.NONE };
        }),
      })),
    };
  },
  encode(w, res, v) {
    if (v >= 3) w.int32(0);
    w.array(res.topics, (w, t) => {
      w.string(t.name);
      w.array(t.partitions, (w, p) => w.int32(p.index).int16(p.errorCode));
    });
  },
  errorResponse(req, errorCode) {
    return { topics: req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ index: p.index, errorCode })) })) };
  },
});
