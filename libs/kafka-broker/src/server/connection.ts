import type { Socket } from 'node:net';
import { ApiDefinition, RequestContext, isFlexible } from '../apis/api';
import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import { StorageError } from '../state/storage/disk-io';
import { Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';
import type { BrokerNode, ClusterState } from '../state/cluster';
import { RequestHeader, readRequestHeader } from './request-header';

interface Slot {
  done: boolean;
  chunks: Buffer[] | null;
}

/** Stop reading from a client whose unread responses exceed this, until it drains. */
const HIGH_WATER = 16 * 1024 * 1024;

/**
 * One client connection: splits the byte stream into size-prefixed frames, runs requests as
 * they arrive (so pipelined requests mutate state in order), and writes responses strictly in
 * request order. Anything malformed closes this connection only.
 */
export class Connection {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private readonly slots: Slot[] = [];
  private closed = false;
  private readonly clientHost: string;

  constructor(
    private readonly socket: Socket,
    private readonly node: BrokerNode,
    private readonly cluster: ClusterState,
  ) {
    this.clientHost = socket.remoteAddress ?? 'unknown';
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
    socket.on('drain', () => socket.resume());
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.closed || this.buffered < 4) return;
      const size = this.peekSize();
      if (size < 0 || size > this.cluster.options.maxFrameBytes) {
        return this.abort(`frame size ${size} outside 0..${this.cluster.options.maxFrameBytes}`);
      }
      if (this.buffered < 4 + size) return;
      this.dispatch(this.take(4 + size).subarray(4));
    }
  }

  private peekSize(): number {
    if (this.chunks[0].length >= 4) return this.chunks[0].readInt32BE(0);
    return Buffer.concat(this.chunks).readInt32BE(0);
  }

  private take(n: number): Buffer {
    const first = this.chunks[0];
    let out: Buffer;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
    } else {
      const all = Buffer.concat(this.chunks);
      out = all.subarray(0, n);
      this.chunks = all.length > n ? [all.subarray(n)] : [];
    }
    this.buffered -= n;
    return out;
  }

  private dispatch(frame: Buffer): void {
    const r = new Reader(frame);
    let header: RequestHeader;
    try {
      header = readRequestHeader(r);
    } catch {
      return this.abort('truncated request header');
    }
    const api = this.cluster.api(header.apiKey);
    if (!api) return this.abort(`unknown API key ${header.apiKey}`);
    if (header.apiVersion < api.minVersion || header.apiVersion > api.maxVersion) {
      if (header.apiKey === ApiKey.ApiVersions) return this.unsupportedApiVersions(header);
      return this.abort(`${api.name} v${header.apiVersion} is not supported (${api.minVersion}-${api.maxVersion})`);
    }
    const slot: Slot = { done: false, chunks: null };
    this.slots.push(slot);
    let req: unknown;
    try {
      if (isFlexible(api, header.apiVersion)) r.skipTaggedFields();
      req = api.decode(r, header.apiVersion);
    } catch (err) {
      return this.abort(`malformed ${api.name} v${header.apiVersion}: ${(err as Error).message}`);
    }
    const ctx: RequestContext = {
      cluster: this.cluster,
      node: this.node,
      apiVersion: header.apiVersion,
      clientId: header.clientId,
      clientHost: this.clientHost,
    };
    const fault = this.cluster.faults.match(header.apiKey, this.node.nodeId);
    const run = async (): Promise<unknown> => {
      if (fault?.kind === 'delay') await new Promise((res) => setTimeout(res, fault.ms));
      if (fault?.kind === 'drop') {
        if (fault.afterHandling) await api.handle(ctx, req);
        // Lost, not stuck: answering nothing frees the slot, so later responses still flow
        // (clients match responses by correlation id and time out the lost one).
        return null;
      }
      if (fault?.kind === 'fail') return api.errorResponse(req, fault.errorCode);
      return api.handle(ctx, req);
    };
    run().then(
      (res) => this.complete(slot, api, header, res),
      (err: Error) => {
        if (err instanceof StorageError) {
          // a full or failing disk is the broker's trouble, not this client's: answer, keep the connection
          this.cluster.log.warn('request refused: storage error', { api: api.name, error: err.message });
          return this.complete(slot, api, header, api.errorResponse(req, api.storageErrorCode ?? ErrorCode.KAFKA_STORAGE_ERROR));
        }
        this.cluster.log.error('request handler failed', { api: api.name, version: header.apiVersion, error: err.stack });
        this.abort(`internal error in ${api.name}`);
      },
    );
  }

  private complete(slot: Slot, api: ApiDefinition, header: RequestHeader, res: unknown): void {
    if (this.closed) return;
    if (res !== null) {
      const w = new Writer();
      w.int32(0).int32(header.correlationId);
      // ApiVersions answers with header v0 even when the request was flexible.
      if (isFlexible(api, header.apiVersion) && api.key !== ApiKey.ApiVersions) w.emptyTaggedFields();
      api.encode(w, res, header.apiVersion);
      const chunks = w.toChunks();
      chunks[0].writeInt32BE(w.length - 4, 0);
      slot.chunks = chunks;
    }
    slot.done = true;
    this.flush();
  }

  private flush(): void {
    if (this.slots.length === 0 || !this.slots[0].done) return;
    this.socket.cork();
    while (this.slots.length > 0 && this.slots[0].done) {
      const slot = this.slots.shift()!;
      if (slot.chunks) for (const c of slot.chunks) this.socket.write(c);
    }
    this.socket.uncork();
    if (this.socket.writableLength > HIGH_WATER) this.socket.pause();
  }

  /** ApiVersions above our range: v0-shaped answer with UNSUPPORTED_VERSION and our ranges. */
  private unsupportedApiVersions(header: RequestHeader): void {
    const api = this.cluster.api(ApiKey.ApiVersions)!;
    const slot: Slot = { done: false, chunks: null };
    this.slots.push(slot);
    const res = { errorCode: ErrorCode.UNSUPPORTED_VERSION, apis: this.cluster.supportedApis(), throttleTimeMs: 0 };
    this.complete(slot, api, { ...header, apiVersion: 0 }, res);
  }

  private abort(reason: string): void {
    if (this.closed) return;
    this.cluster.log.warn('closing connection', { node: this.node.nodeId, client: this.clientHost, reason });
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.chunks = [];
    this.socket.destroy();
  }
}
