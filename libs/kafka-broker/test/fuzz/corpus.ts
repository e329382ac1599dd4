import * as net from 'node:net';
import { ISocketFactory, Kafka, logLevel } from 'kafkajs';
import { Writer } from '../../src/protocol/writer';
import { uniqueName } from '../helpers';

/** One request frame as sent on the wire: the 4-byte size, then header and body. */
export type Frame = Buffer;

/** Splits what one socket wrote into whole size-prefixed frames. */
function framesOf(stream: Buffer): Frame[] {
  const out: Frame[] = [];
  let at = 0;
  while (stream.length - at >= 4) {
    const size = stream.readInt32BE(at);
    if (size < 0 || at + 4 + size > stream.length) break;
    out.push(stream.subarray(at, at + 4 + size));
    at += 4 + size;
  }
  return out;
}

async function bounded(what: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([what.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

/**
 * Records every request kafkajs sends (through its public socketFactory hook) during an
 * ordinary session: admin calls, plain and idempotent producers, and a group consumer. APIs the
 * broker lacks just fail; whatever was sent is kept as a seed for mutation.
 */
export async function captureKafkajsFrames(bootstrapServers: string): Promise<Frame[]> {
  const streams: Buffer[][] = [];
  const socketFactory: ISocketFactory = ({ host, port, onConnect }) => {
    const socket = net.connect({ host, port }, onConnect);
    const written: Buffer[] = [];
    streams.push(written);
    const write = socket.write.bind(socket) as (chunk: Buffer, ...rest: unknown[]) => boolean;
    socket.write = (chunk: Buffer, ...rest: unknown[]) => {
      written.push(Buffer.from(chunk));
      return write(chunk, ...rest);
    };
    return socket;
  };
  const kafka = new Kafka({
    clientId: 'fuzz-seed',
    brokers: bootstrapServers.split(','),
    logLevel: logLevel.NOTHING,
    socketFactory,
    retry: { retries: 1, initialRetryTime: 50 },
  });
  const topic = uniqueName('fuzz-seed');
  const admin = kafka.admin();
  await bounded(
    (async () => {
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] }).catch(() => undefined);
      await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => undefined);
    })(),
    5000,
  );
  for (const idempotent of [false, true]) {
    const producer = kafka.producer({ idempotent, allowAutoTopicCreation: true });
    await bounded(
      (async () => {
        await producer.connect();
        await producer.send({
          topic,
          acks: -1,
          messages: [
            { key: 'k1', value: 'v1', headers: { h: 'x' } },
            { key: null, value: Buffer.alloc(300, 7) },
          ],
        });
      })(),
      5000,
    );
    await producer.disconnect().catch(() => undefined);
  }
  await bounded(admin.fetchTopicOffsets(topic), 3000);
  const consumer = kafka.consumer({ groupId: uniqueName('fuzz-seed'), maxWaitTimeInMs: 50 });
  let consumed = false;
  await bounded(
    (async () => {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async () => void (consumed = true) });
      while (!consumed) await new Promise((r) => setTimeout(r, 20));
    })(),
    5000,
  );
  await consumer.disconnect().catch(() => undefined);
  await admin.disconnect().catch(() => undefined);
  return streams.flatMap((chunks) => framesOf(Buffer.concat(chunks)));
}

/** Builds a frame with our own Writer (for API versions kafkajs never sends). */
export function buildFrame(apiKey: number, version: number, body: (w: Writer) => void, correlationId = 1): Frame {
  const w = new Writer();
  w.int32(0).int16(apiKey).int16(version).int32(correlationId).nullableString('fuzz');
  body(w);
  const frame = w.toBuffer();
  frame.writeInt32BE(frame.length - 4, 0);
  return frame;
}

/** Requests in versions below what kafkajs uses: Metadata v0-6, ListOffsets v1-3, Fetch v4-11. */
export function writerFrames(topic: string): Frame[] {
  const frames: Frame[] = [];
  for (let v = 0; v <= 6; v++) {
    frames.push(
      buildFrame(3, v, (w) => {
        w.array([topic], (w, t) => w.string(t));
        if (v >= 4) w.bool(true);
      }),
    );
  }
  for (let v = 1; v <= 3; v++) {
    frames.push(
      buildFrame(2, v, (w) => {
        w.int32(-1);
        if (v >= 2) w.int8(0);
        w.array([topic], (w, t) => w.string(t).array([0, 1], (w, p) => w.int32(p).int64(-2)));
      }),
    );
  }
  for (let v = 4; v <= 11; v++) {
    frames.push(
      buildFrame(1, v, (w) => {
        w.int32(-1)
          .int32(10)
          .int32(1)
          .int32(1 << 20)
          .int8(0);
        if (v >= 7) w.int32(0).int32(-1);
        w.array([topic], (w, t) =>
          w.string(t).array([0], (w, p) => {
            w.int32(p);
            if (v >= 9) w.int32(-1);
            w.int64(0);
            if (v >= 5) w.int64(-1);
            w.int32(1 << 16);
          }),
        );
        if (v >= 7) w.array([], () => undefined);
        if (v >= 11) w.string('');
      }),
    );
  }
  return frames;
}
