import * as net from 'node:net';
import { Reader } from '../src/protocol/reader';
import { Writer } from '../src/protocol/writer';

/**
 * A bare Kafka protocol client for conformance tests: writes request frames byte by byte as a
 * client would and hands back raw response bodies (after the correlation id) in arrival order.
 */
export class RawClient {
  private buffered = Buffer.alloc(0);
  private readonly waiting: ((frame: Buffer) => void)[] = [];
  private readonly frames: Buffer[] = [];
  private nextCorrelation = 1;
  closed = false;
  readonly closedPromise: Promise<void>;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk) => this.onData(chunk));
    this.closedPromise = new Promise((resolve) =>
      socket.on('close', () => {
        this.closed = true;
        resolve();
      }),
    );
    socket.on('error', () => undefined);
  }

  static connect(bootstrap: string): Promise<RawClient> {
    const [host, port] = bootstrap.split(',')[0].split(':');
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port: Number(port) }, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  private onData(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 4) {
      const size = this.buffered.readInt32BE(0);
      if (this.buffered.length < 4 + size) return;
      const frame = this.buffered.subarray(4, 4 + size);
      this.buffered = this.buffered.subarray(4 + size);
      const waiter = this.waiting.shift();
      if (waiter) waiter(frame);
      else this.frames.push(frame);
    }
  }

  /** Builds a request frame; `flexibleHeader` adds the header v2 tag section. Returns its correlation id. */
  frame(apiKey: number, version: number, body: (w: Writer) => void, flexibleHeader = false): { bytes: Buffer; correlationId: number } {
    const correlationId = this.nextCorrelation++;
    const w = new Writer();
    w.int16(apiKey).int16(version).int32(correlationId).nullableString('raw-client');
    if (flexibleHeader) w.emptyTaggedFields();
    body(w);
    const payload = w.toBuffer();
    const size = Buffer.alloc(4);
    size.writeInt32BE(payload.length);
    return { bytes: Buffer.concat([size, payload]), correlationId };
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Sends a request and returns a reader positioned after the response's correlation id. */
  async request(apiKey: number, version: number, body: (w: Writer) => void, flexibleHeader = false): Promise<Reader> {
    const { bytes, correlationId } = this.frame(apiKey, version, body, flexibleHeader);
    this.write(bytes);
    const r = new Reader(await this.next());
    const got = r.int32();
    if (got !== correlationId) throw new Error(`correlation id ${got}, expected ${correlationId}`);
    return r;
  }

  /** The next response frame (whole, starting with the correlation id); rejects if the connection closes. */
  next(timeoutMs = 5000): Promise<Buffer> {
    const queued = this.frames.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no response')), timeoutMs);
      this.waiting.push((f) => {
        clearTimeout(timer);
        resolve(f);
      });
      void this.closedPromise.then(() => {
        clearTimeout(timer);
        reject(new Error('connection closed'));
      });
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
