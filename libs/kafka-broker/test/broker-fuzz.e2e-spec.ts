/**
 * Robustness against hostile or broken clients. Seeds are real requests captured from a kafkajs
 * session plus Writer-built frames of older versions; they are flipped, truncated, spliced and
 * given lying sizes, counts, API keys and versions, over many concurrent connections.
 * FUZZ_SEED replays a run, FUZZ_CONNECTIONS scales it, FUZZ_VERBOSE prints what was sent.
 */
import * as net from 'node:net';
import { buildFrame, captureKafkajsFrames, Frame, writerFrames } from './fuzz/corpus';
import { Mutation, Rng, anyMutation, closingMutation } from './fuzz/mutate';
import { eventually, kafkaFor, uniqueName, useBroker } from './helpers';

const MAX_FRAME_BYTES = 64 * 1024;
const CONNECTIONS = Number(process.env.FUZZ_CONNECTIONS ?? 1200);
const CONCURRENCY = 40;
/** How long a garbage connection stays open after its last byte from the broker. */
const IDLE_MS = 100;
/** A connection that must be closed gets this long: a generous bound, so a loaded machine cannot fail the run. */
const MUST_CLOSE_WITHIN_MS = 10_000;

function connect(bootstrap: string): Promise<net.Socket> {
  const [host, port] = bootstrap.split(',')[0].split(':');
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port: Number(port) }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Writes bytes in one to three pieces, so frames also arrive split across reads. */
function writeSplit(socket: net.Socket, bytes: Buffer, rng: Rng): void {
  let at = 0;
  for (let pieces = 1 + rng.int(3); pieces > 1 && at < bytes.length; pieces--) {
    const end = at + rng.int(bytes.length - at);
    socket.write(bytes.subarray(at, end));
    at = end;
  }
  socket.write(bytes.subarray(at));
}

/** Sends the mutations on a fresh connection; resolves whether the broker closed it. */
async function attack(bootstrap: string, mutations: Mutation[], rng: Rng, idleMs: number): Promise<boolean> {
  const socket = await connect(bootstrap);
  socket.on('error', () => undefined);
  return new Promise((resolve) => {
    let idle: NodeJS.Timeout;
    const finish = (closedByBroker: boolean) => {
      clearTimeout(idle);
      socket.destroy();
      resolve(closedByBroker);
    };
    const arm = () => {
      clearTimeout(idle);
      idle = setTimeout(() => finish(false), idleMs);
    };
    socket.on('data', arm);
    socket.on('close', () => finish(true));
    for (const m of mutations) writeSplit(socket, m.bytes, rng);
    arm();
  });
}

/** A client that keeps asking ApiVersions and Metadata all through the fuzzing and checks every answer. */
class WellBehavedClient {
  sent = 0;
  answered = 0;
  outOfOrder = 0;
  closed = false;
  private buffered = Buffer.alloc(0);
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly socket: net.Socket) {
    socket.on('close', () => (this.closed = true));
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      while (this.buffered.length >= 4 && this.buffered.length >= 4 + this.buffered.readInt32BE(0)) {
        const correlationId = this.buffered.readInt32BE(4);
        if (correlationId !== this.answered + 1) this.outOfOrder++;
        this.answered++;
        this.buffered = this.buffered.subarray(4 + this.buffered.readInt32BE(0));
      }
    });
    this.timer = setInterval(() => {
      const apiVersions = buildFrame(18, 0, () => undefined, ++this.sent);
      const metadata = buildFrame(3, 1, (w) => w.array([], () => undefined), ++this.sent);
      socket.write(Buffer.concat([apiVersions, metadata]));
    }, 5);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.socket.destroy();
  }
}

describe('the broker under thousands of random and mutated frames', () => {
  // a handler that throws is a bug (failures must be error codes): the broker logs those at error level
  const handlerErrors: string[] = [];
  const note = (msg: string, fields?: Record<string, unknown>) => handlerErrors.push(`${msg} ${JSON.stringify(fields)}`);
  const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: note };
  const broker = useBroker({ maxFrameBytes: MAX_FRAME_BYTES, logger });

  it('closes garbage connections, keeps a well-behaved one undisturbed, and still serves kafkajs', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const rng = new Rng(seed);
    const bootstrap = broker().bootstrapServers;
    const corpus: Frame[] = [...(await captureKafkajsFrames(bootstrap)), ...writerFrames(uniqueName('fuzz-w'))];
    const apiKeysSeen = new Set(corpus.map((f) => f.readInt16BE(4)));
    expect([...apiKeysSeen]).toEqual(expect.arrayContaining([0, 1, 2, 3, 18]));
    const supported = new Map(
      broker()
        .cluster.supportedApis()
        .map((a) => [a.key, a]),
    );

    const watcher = new WellBehavedClient(await connect(bootstrap));
    let frames = 0;
    let closedByBroker = 0;
    const notClosed: string[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < CONNECTIONS) {
        const n = next++;
        // every third connection ends with a frame that must get it closed, after valid requests
        const mustClose = n % 3 === 0;
        const mutations: Mutation[] = mustClose
          ? [...Array.from({ length: rng.int(3) }, () => ({ kind: 'valid', bytes: rng.pick(corpus) })), closingMutation(rng, corpus, supported, MAX_FRAME_BYTES)]
          : Array.from({ length: 1 + rng.int(6) }, () => anyMutation(rng, corpus));
        frames += mutations.length;
        const closed = await attack(bootstrap, mutations, rng, mustClose ? MUST_CLOSE_WITHIN_MS : IDLE_MS);
        if (closed) closedByBroker++;
        if (mustClose && !closed) notClosed.push(mutations[mutations.length - 1].kind);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    if (process.env.FUZZ_VERBOSE) {
      console.log({ seed, corpusApiKeys: [...apiKeysSeen].sort((a, b) => a - b), frames, connections: CONNECTIONS, closedByBroker });
    }
    expect(frames).toBeGreaterThan(2000);
    expect({ seed, notClosed }).toEqual({ seed, notClosed: [] });
    expect({ seed, handlerErrors }).toEqual({ seed, handlerErrors: [] });
    await eventually(() => (watcher.answered === watcher.sent ? true : undefined), 10_000, 'answers to the well-behaved client');
    const closedDuringFuzz = watcher.closed;
    watcher.stop();
    expect({ seed, closedDuringFuzz, outOfOrder: watcher.outOfOrder }).toEqual({ seed, closedDuringFuzz: false, outOfOrder: 0 });
    expect(watcher.sent).toBeGreaterThan(20);

    const topic = uniqueName('after-fuzz');
    const kafka = kafkaFor(broker());
    const producer = kafka.producer({ allowAutoTopicCreation: true });
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: [
        { partition: 0, value: 'a' },
        { partition: 0, value: 'b' },
      ],
    });
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    expect(offsets.find((o) => o.partition === 0)?.high).toBe('2');
  });
});
