import { join } from 'node:path';
import { ChaosProcess, waitFor } from './child-process';
import { DIST_DIR } from './paths';
import { assertPortFree } from './ports';
import { Socket } from 'node:net';

export interface BrokerProcessOptions {
  readonly port: number;
  /** Kept across restarts: a restarted broker finds its logs, offsets and groups there. */
  readonly dataDir: string;
  readonly logFile: string;
  /** Partitions of auto-created topics (retry and dead-letter topics). */
  readonly partitions?: number;
}

/**
 * The embedded broker's CLI (`npm run broker`, compiled) as a child process, so a scenario can kill -9 it and
 * start it again on the same port and data directory.
 */
export class BrokerProcess {
  private process: ChaosProcess | undefined;
  private starts = 0;

  constructor(private readonly options: BrokerProcessOptions) {}

  get bootstrapServers(): string {
    return `127.0.0.1:${this.options.port}`;
  }

  /** Starts it (again) and resolves once its port accepts connections. */
  async start(): Promise<void> {
    if (this.process && !this.process.hasExited) throw new Error('the broker is already running');
    const { port, dataDir, logFile, partitions = 6 } = this.options;
    await assertPortFree(port, 'broker');
    const args = [join(DIST_DIR, 'libs/kafka-broker/src/bin/broker.js'), '--port', String(port), '--data-dir', dataDir, '--partitions', String(partitions), '--log-level', 'warn'];
    const child = new ChaosProcess(`broker#${++this.starts}`, args, {}, logFile);
    this.process = child;
    await waitFor(
      async () => {
        if (child.hasExited) throw new Error(`the broker exited while starting\n${child.tail()}`);
        return (await accepts(port)) ? true : undefined;
      },
      `the broker on port ${port}`,
      30_000,
    );
  }

  async kill(): Promise<void> {
    await this.process?.kill();
  }

  /** SIGTERM: the broker flushes its data dir and exits 0. */
  async stop(): Promise<void> {
    await this.process?.stop(10_000);
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolveProbe) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolveProbe(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1', () => done(true));
  });
}
