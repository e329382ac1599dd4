import { Socket } from 'node:net';

/** What became of one slow client: when the server answered or closed on it, if it did. */
export interface SlowClientEnd {
  readonly kind: 'slow-headers' | 'slow-body';
  /** ms from connect to the server's close, or undefined while it is still open. */
  readonly closedAfterMs: number | undefined;
  /** The status line the server sent before closing (a 408), if any. */
  readonly answer: string | undefined;
}

interface SlowClientState {
  readonly kind: SlowClientEnd['kind'];
  readonly started: number;
  closedAt?: number;
  answer?: string;
}

/**
 * Slowloris: connections that send their request one byte per `gapMs`, half dribbling headers, half a body
 * after complete headers. They never finish by themselves; the server must time them out, and serve everyone else
 * meanwhile. `stop()` closes those still open and reports each.
 */
export class SlowClients {
  private readonly sockets: Socket[] = [];
  private readonly ends: SlowClientState[] = [];
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(port: number, count: number, gapMs: number) {
    for (let i = 0; i < count; i++) {
      const kind = i % 2 === 0 ? 'slow-headers' : 'slow-body';
      const head =
        kind === 'slow-headers'
          ? 'POST /orders HTTP/1.1\r\nHost: x\r\nX-Slow: '
          : 'POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"userId":"';
      const end: SlowClientState = { kind, started: Date.now() };
      this.ends.push(end);
      const socket = new Socket();
      this.sockets.push(socket);
      socket.on('data', (chunk: Buffer) => (end.answer ??= chunk.toString('latin1').split('\r\n')[0]));
      socket.on('close', () => (end.closedAt ??= Date.now()));
      socket.on('error', () => undefined);
      socket.connect(port, '127.0.0.1', () => {
        socket.write(head);
        const timer = setInterval(() => {
          if (!socket.destroyed) socket.write('a');
        }, gapMs);
        this.timers.push(timer);
      });
    }
  }

  /** How many the server has closed so far. */
  get closedByServer(): number {
    return this.ends.filter((end) => end.closedAt !== undefined).length;
  }

  get count(): number {
    return this.ends.length;
  }

  /** Stops dribbling, closes what is still open, and reports each (closed by us = `closedAfterMs` undefined). */
  stop(): SlowClientEnd[] {
    for (const timer of this.timers) clearInterval(timer);
    const report = this.ends.map((end) => ({ kind: end.kind, closedAfterMs: end.closedAt === undefined ? undefined : end.closedAt - end.started, answer: end.answer }));
    for (const socket of this.sockets) socket.destroy();
    return report;
  }
}
