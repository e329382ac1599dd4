import { Agent, request } from 'node:http';
import { CORRELATION_ID_HEADER } from '@app/service-kit';

/** What the next hop answered: its status and parsed JSON body. */
export interface JsonAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** The next hop gave no answer in time (`timeout`) or none at all (`unreachable`). */
export class DownstreamError extends Error {
  override readonly name = 'DownstreamError';

  constructor(
    readonly kind: 'timeout' | 'unreachable' | 'unreadable',
    message: string,
  ) {
    super(message);
  }
}

/**
 * JSON over HTTP/1.1 to one service, through a keep-alive agent: sockets are reused across requests (no TCP
 * handshake per call) and there is no cap on parallel sockets, so the chain is never queued by its own client.
 * This is what a fair synchronous baseline needs; a new connection per call would be a strawman.
 */
export class JsonHttpClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024, scheduling: 'lifo' });
  private readonly base: URL;

  constructor(
    baseUrl: string,
    private readonly timeoutMs: number,
  ) {
    this.base = new URL(baseUrl);
  }

  post(path: string, body: unknown, correlationId: string): Promise<JsonAnswer> {
    const payload = Buffer.from(JSON.stringify(body));
    return new Promise<JsonAnswer>((resolve, reject) => {
      const req = request(
        {
          agent: this.agent,
          host: this.base.hostname,
          port: this.base.port,
          method: 'POST',
          path,
          headers: { 'content-type': 'application/json', 'content-length': payload.length, [CORRELATION_ID_HEADER]: correlationId },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error) => reject(new DownstreamError('unreachable', `${path}: ${error.message}`)));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              resolve({ status: res.statusCode ?? 0, body: text === '' ? undefined : JSON.parse(text) });
            } catch {
              reject(new DownstreamError('unreadable', `${path} answered ${res.statusCode} with a body that is not JSON`));
            }
          });
        },
      );
      req.setTimeout(this.timeoutMs, () => req.destroy(new DownstreamError('timeout', `${path} gave no answer within ${this.timeoutMs} ms`)));
      req.on('error', (error) => reject(error instanceof DownstreamError ? error : new DownstreamError('unreachable', `${path}: ${error.message}`)));
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }

  /** Nest calls it on shutdown when the client is a provider. */
  onApplicationShutdown(): void {
    this.close();
  }
}
