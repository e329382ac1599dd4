import { Socket } from 'node:net';

/** One HTTP answer as it came off the socket. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** How one hostile exchange ended: the answers read, and who ended it. */
export interface RawExchange {
  readonly answers: readonly RawAnswer[];
  /** `answered`: we read what we waited for; `closed`: the server closed first; `reset`: a socket error; `timeout`: nothing more came. */
  readonly end: 'answered' | 'closed' | 'reset' | 'timeout';
  readonly error?: string;
  readonly ms: number;
}

export interface ExchangeOptions {
  readonly port: number;
  /** Written in order; with `gapMs`, one at a time with that pause between them (a slow client). */
  readonly parts: readonly Buffer[];
  readonly gapMs?: number;
  /** Stop once this many answers were read (default 1). */
  readonly answers?: number;
  /** Give up (and destroy the socket) after this long (default 15 s). */
  readonly timeoutMs?: number;
}

/**
 * Sends raw bytes over a fresh TCP connection and reads the HTTP answers, without any HTTP client in between: a
 * client library would refuse to send most of what the fuzz sends. Never throws.
 */
export function exchange(options: ExchangeOptions): Promise<RawExchange> {
  const started = Date.now();
  const wanted = options.answers ?? 1;
  return new Promise((resolveExchange) => {
    const socket = new Socket();
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (end: RawExchange['end'], error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const answers = parseAnswers(received, end !== 'answered').answers;
      resolveExchange({ answers, end, ms: Date.now() - started, ...(error !== undefined && { error }) });
    };
    const timer = setTimeout(() => finish('timeout'), options.timeoutMs ?? 15_000);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (parseAnswers(received, false).answers.length >= wanted) finish('answered');
    });
    socket.on('end', () => finish('closed'));
    socket.on('close', () => finish('closed'));
    socket.on('error', (error: NodeJS.ErrnoException) => finish(parseAnswers(received, true).answers.length > 0 ? 'closed' : 'reset', error.code ?? error.message));
    socket.connect(options.port, '127.0.0.1', () => void write(socket, options.parts, options.gapMs, () => settled));
  });
}

async function write(socket: Socket, parts: readonly Buffer[], gapMs: number | undefined, stopped: () => boolean): Promise<void> {
  for (const part of parts) {
    if (stopped() || socket.destroyed) return;
    // The server may answer (413, 431) and close while we are still writing; that is its right, not an error.
    const flushed = socket.write(part, () => undefined);
    if (!flushed) await new Promise((resolveDrain) => socket.once('drain', resolveDrain).once('close', resolveDrain));
    if (gapMs !== undefined) await new Promise((resolvePause) => setTimeout(resolvePause, gapMs));
  }
}

/**
 * The complete answers at the start of `data`. An answer without Content-Length or chunking ends at the close,
 * so it only counts once `closed`.
 */
export function parseAnswers(data: Buffer, closed: boolean): { answers: RawAnswer[]; rest: Buffer } {
  const answers: RawAnswer[] = [];
  let offset = 0;
  for (;;) {
    const headEnd = data.indexOf('\r\n\r\n', offset);
    if (headEnd < 0) break;
    const [statusLine, ...lines] = data.subarray(offset, headEnd).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/\d\.\d (\d{3})/.exec(statusLine)?.[1]);
    if (!Number.isInteger(status)) break;
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const bodyStart = headEnd + 4;
    const body = bodyOf(data, bodyStart, headers, closed);
    if (body === undefined) break;
    answers.push({ status, headers, body: body.body });
    offset = body.end;
  }
  return { answers, rest: data.subarray(offset) };
}

function bodyOf(data: Buffer, start: number, headers: Record<string, string>, closed: boolean): { body: Buffer; end: number } | undefined {
  if (headers['transfer-encoding']?.toLowerCase().includes('chunked')) return chunked(data, start);
  const length = headers['content-length'];
  if (length !== undefined) {
    const end = start + Number(length);
    return data.length >= end ? { body: data.subarray(start, end), end } : undefined;
  }
  return closed ? { body: data.subarray(start), end: data.length } : undefined;
}

function chunked(data: Buffer, start: number): { body: Buffer; end: number } | undefined {
  const parts: Buffer[] = [];
  let offset = start;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', offset);
    if (lineEnd < 0) return undefined;
    const size = parseInt(data.subarray(offset, lineEnd).toString('latin1'), 16);
    if (!Number.isInteger(size)) return undefined;
    if (size === 0) return data.length >= lineEnd + 4 ? { body: Buffer.concat(parts), end: lineEnd + 4 } : undefined;
    if (data.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
}

/** A raw HTTP/1.1 request: `Host` and `Connection: close` unless given, `Content-Length` of `body` unless given. */
export function rawRequest(method: string, path: string, options: { headers?: Record<string, string>; body?: Buffer | string; keepAlive?: boolean } = {}): Buffer {
  const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body, 'utf8');
  const headers: Record<string, string> = { host: '127.0.0.1', ...(options.keepAlive ? {} : { connection: 'close' }), ...options.headers };
  const names = Object.keys(headers).map((name) => name.toLowerCase());
  if (body !== undefined && !names.includes('content-length') && !names.includes('transfer-encoding')) headers['content-length'] = String(body.length);
  const head = `${method} ${path} HTTP/1.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
  return body === undefined ? Buffer.from(head, 'latin1') : Buffer.concat([Buffer.from(head, 'latin1'), body]);
}
