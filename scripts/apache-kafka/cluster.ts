/**
 * Real Apache Kafka without Docker: N combined broker+controller nodes in KRaft mode, each its own JVM started from
 * the jars that `ensureApacheKafka` fetched. Used by `npm run kafka:apache`, `npm start -- --kafka apache`, the
 * Apache test tier, the chaos suite and the bench.
 *
 * Node i (1-based ids) listens for clients on ports[i-1] and for the controller quorum on a free port of its own.
 * Without a data dir the nodes keep their logs in a temporary folder removed by stop(); with one, the data (and the
 * cluster id) survive restarts.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { ApacheKafkaSetupError, BROKER_LOG4J, REPO_ROOT, TOOLS_LOG4J, apacheKafkaClasspath, ensureApacheKafka, javaCommand } from './installation';

export interface ApacheKafkaNodeInfo {
  id: number;
  host: string;
  port: number;
  controllerPort: number;
  dir: string;
}

export interface ApacheKafkaOptions {
  /** Number of nodes (default 1). */
  nodes?: number;
  /** Client port of node 1; node i listens on port+i-1 (default 9092). Ignored when `ports` is given. */
  port?: number;
  /** One client port per node, e.g. [9092, 9095, 9098]. */
  ports?: number[];
  host?: string;
  /** Keep data here (created if missing); default: a temporary folder removed by stop(). */
  dataDir?: string;
  /** Maximum heap per node in MiB (default 512). */
  heapMb?: number;
  /** Extra server.properties entries, for every node or per node; they override ours. */
  config?: Record<string, string> | ((node: ApacheKafkaNodeInfo) => Record<string, string>);
  /** How long a node may take to come up (default 120 s: a cold JVM on a busy 2-core machine is slow). */
  startTimeoutMs?: number;
  /** Lines about progress ("node 1 up in 6.1 s"). */
  log?: (line: string) => void;
}

export interface ApacheKafkaCluster {
  bootstrapServers: string;
  brokers: string[];
  nodes: ApacheKafkaNodeInfo[];
  dataDir: string;
  /** The JVM's pid of a running node (undefined when it is down). */
  pidOf(id: number): number | undefined;
  /** Kills one node's JVM (SIGKILL by default: a crash, not a shutdown). */
  killNode(id: number, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a node that was killed, on the same ports and data; resolves once it serves again. */
  startNode(id: number): Promise<void>;
  /** Stops every node cleanly (SIGTERM, then SIGKILL after 30 s) and removes a temporary data dir. */
  stop(): Promise<void>;
}

interface RunningNode {
  info: ApacheKafkaNodeInfo;
  process: ChildProcess | null;
  pidFile: string;
  exited: Promise<number | null> | null;
}

const WRAPPER = join(REPO_ROOT, 'tools', 'apache-kafka', 'run-with-parent.sh');

export async function startApacheKafka(options: ApacheKafkaOptions = {}): Promise<ApacheKafkaCluster> {
  const count = options.ports?.length ?? options.nodes ?? 1;
  const host = options.host ?? '127.0.0.1';
  const ports = options.ports ?? Array.from({ length: count }, (_, i) => (options.port ?? 9092) + i);
  if (count < 1 || ports.length !== count) throw new ApacheKafkaSetupError('APACHE_KAFKA.BAD_OPTIONS', `--nodes must be at least 1 and match the ports given`);
  const log = options.log ?? (() => undefined);
  ensureApacheKafka(log);
  const java = javaCommand();

  for (const port of ports) await assertPortFree(host, port);
  const temporary = !options.dataDir;
  const dataDir = options.dataDir ? resolve(options.dataDir) : mkdtempSync(join(tmpdir(), 'apache-kafka-'));
  mkdirSync(dataDir, { recursive: true });
  const clusterId = readOrCreateClusterId(dataDir);

  const controllerPorts: number[] = [];
  for (let i = 0; i < count; i += 1) controllerPorts.push(await freePort(host));
  const infos: ApacheKafkaNodeInfo[] = ports.map((port, i) => ({ id: i + 1, host, port, controllerPort: controllerPorts[i], dir: join(dataDir, `node-${i + 1}`) }));
  const voters = infos.map((n) => `${n.id}@${host}:${n.controllerPort}`).join(',');
  const nodes: RunningNode[] = [];

  for (const info of infos) {
    checkDataDir(info, clusterId);
    const properties = nodeProperties(info, voters, count, options);
    mkdirSync(info.dir, { recursive: true });
    writeFileSync(
      join(info.dir, 'server.properties'),
      Object.entries(properties)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n') + '\n',
    );
    format(java, info, clusterId);
    nodes.push({ info, process: null, pidFile: join(info.dir, 'jvm.pid'), exited: null });
  }

  const heapMb = options.heapMb ?? 512;
  const timeoutMs = options.startTimeoutMs ?? 120_000;
  const launch = (node: RunningNode): void => {
    const logsDir = join(node.info.dir, 'logs');
    mkdirSync(logsDir, { recursive: true });
    rmSync(join(logsDir, 'server.log'), { force: true });
    const child = spawn(
      'sh',
      [
        WRAPPER,
        node.pidFile,
        java,
        `-Xmx${heapMb}m`,
        `-Xms${Math.min(heapMb, 128)}m`,
        '-XX:+UseG1GC',
        '-XX:MaxGCPauseMillis=20',
        '-Djava.awt.headless=true',
        `-Dkafka.logs.dir=${logsDir}`,
        `-Dlog4j2.configurationFile=${BROKER_LOG4J}`,
        '-cp',
        apacheKafkaClasspath(),
        'kafka.Kafka',
        join(node.info.dir, 'server.properties'),
      ],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    child.stderr?.on('data', () => undefined);
    node.process = child;
    node.exited = new Promise((done) => child.once('exit', (code) => done(code)));
  };
  const stopAll = async (): Promise<void> => {
    await Promise.all(nodes.map((n) => stopNode(n, 'SIGTERM')));
  };

  const started = Date.now();
  for (const node of nodes) launch(node);
  try {
    await Promise.all(nodes.map((n) => waitUntilServing(n, timeoutMs)));
    await waitForBrokers(infos, count, timeoutMs - (Date.now() - started));
  } catch (error) {
    await stopAll();
    if (temporary) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  log(`Apache Kafka ${count} node(s) up in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const byId = (id: number): RunningNode => {
    const node = nodes.find((n) => n.info.id === id);
    if (!node) throw new ApacheKafkaSetupError('APACHE_KAFKA.NO_SUCH_NODE', `no node ${id} (ids are 1..${count})`);
    return node;
  };
  const brokers = infos.map((n) => `${host}:${n.port}`);
  return {
    bootstrapServers: brokers.join(','),
    brokers,
    nodes: infos,
    dataDir,
    pidOf: (id) => (byId(id).process ? readPid(byId(id)) : undefined),
    killNode: (id, signal = 'SIGKILL') => stopNode(byId(id), signal),
    startNode: async (id) => {
      const node = byId(id);
      if (node.process) return;
      launch(node);
      await waitUntilServing(node, timeoutMs);
    },
    stop: async () => {
      await stopAll();
      if (temporary) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function nodeProperties(info: ApacheKafkaNodeInfo, voters: string, count: number, options: ApacheKafkaOptions): Record<string, string> {
  const replication = String(Math.min(3, count));
  const base: Record<string, string> = {
    'process.roles': 'broker,controller',
    'node.id': String(info.id),
    'controller.quorum.voters': voters,
    listeners: `PLAINTEXT://${info.host}:${info.port},CONTROLLER://${info.host}:${info.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${info.host}:${info.port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL,SASL_SSL:SASL_SSL',
    'log.dirs': join(info.dir, 'data'),
    // The embedded broker's defaults, so a topic auto-created by a client looks the same on both.
    'num.partitions': '3',
    'default.replication.factor': replication,
    'offsets.topic.replication.factor': replication,
    'transaction.state.log.replication.factor': replication,
    'transaction.state.log.min.isr': String(Math.min(2, count)),
    // A development cluster: a group's first join should not wait 3 s for more members.
    'group.initial.rebalance.delay.ms': '0',
    // The embedded broker's floor for session timeouts (Kafka's is 6 s): lets a test's consumer use a short session.
    'group.min.session.timeout.ms': '1000',
  };
  const extra = typeof options.config === 'function' ? options.config(info) : (options.config ?? {});
  return { ...base, ...extra };
}

function readOrCreateClusterId(dataDir: string): string {
  const file = join(dataDir, 'cluster.id');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  // A KRaft cluster id is 16 random bytes in URL-safe base64 without padding (what `kafka-storage random-uuid` prints).
  // Like Kafka's Uuid.randomUuid, never one that starts with '-': command lines would read it as an option.
  let id = randomBytes(16).toString('base64url');
  while (id.startsWith('-')) id = randomBytes(16).toString('base64url');
  writeFileSync(file, `${id}\n`);
  return id;
}

function checkDataDir(info: ApacheKafkaNodeInfo, clusterId: string): void {
  const logDir = join(info.dir, 'data');
  if (!existsSync(logDir)) return;
  const meta = join(logDir, 'meta.properties');
  if (!existsSync(meta)) {
    if (readdirSync(logDir).length === 0) return;
    throw new ApacheKafkaSetupError(
      'APACHE_KAFKA.FOREIGN_DATA_DIR',
      `${logDir} holds files but no Apache Kafka meta.properties: it is not a Kafka node's data. Choose another --data-dir, or remove ${info.dir}.`,
    );
  }
  const text = readFileSync(meta, 'utf8');
  const found = /^cluster\.id=(.*)$/m.exec(text)?.[1]?.trim();
  const nodeId = /^node\.id=(.*)$/m.exec(text)?.[1]?.trim();
  if (found !== clusterId || nodeId !== String(info.id)) {
    throw new ApacheKafkaSetupError(
      'APACHE_KAFKA.FOREIGN_DATA_DIR',
      `${logDir} belongs to another cluster (cluster.id ${found ?? '?'}, node.id ${nodeId ?? '?'}; expected ${clusterId}, ${info.id}). Choose another --data-dir, or remove ${info.dir} to start afresh.`,
    );
  }
}

function format(java: string, info: ApacheKafkaNodeInfo, clusterId: string): void {
  if (existsSync(join(info.dir, 'data', 'meta.properties'))) return;
  const result = spawnSync(
    java,
    [
      '-Xmx256m',
      `-Dlog4j2.configurationFile=${TOOLS_LOG4J}`,
      '-cp',
      apacheKafkaClasspath(),
      'kafka.tools.StorageTool',
      'format',
      `--cluster-id=${clusterId}`,
      '-c',
      join(info.dir, 'server.properties'),
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) {
    throw new ApacheKafkaSetupError(
      'APACHE_KAFKA.FORMAT_FAILED',
      `formatting the KRaft storage of node ${info.id} in ${info.dir} failed: ${`${result.stdout}${result.stderr}`.trim().split('\n').slice(-5).join(' / ')}`,
    );
  }
}

async function assertPortFree(host: string, port: number): Promise<void> {
  await new Promise<void>((done, fail) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      fail(
        new ApacheKafkaSetupError(
          'APACHE_KAFKA.PORT_IN_USE',
          error.code === 'EADDRINUSE'
            ? `port ${port} on ${host} is in use (another Kafka or \`npm run broker\`?). Stop it, or choose other ports with --port P or --ports P1,P2,...`
            : `cannot listen on ${host}:${port}: ${error.message}`,
        ),
      ),
    );
    server.listen(port, host, () => server.close(() => done()));
  });
}

/** A port nothing listens on right now. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

function serverLogTail(node: RunningNode, lines = 12): string {
  const file = join(node.info.dir, 'logs', 'server.log');
  if (!existsSync(file)) return '(no server.log)';
  const all = readFileSync(file, 'utf8').trim().split('\n');
  const errors = all.filter((l) => /\b(ERROR|FATAL)\b/.test(l));
  return (errors.length > 0 ? errors : all).slice(-lines).join('\n');
}

async function waitUntilServing(node: RunningNode, timeoutMs: number): Promise<void> {
  const file = join(node.info.dir, 'logs', 'server.log');
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void node.exited?.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new ApacheKafkaSetupError(
        'APACHE_KAFKA.NODE_EXITED',
        `Apache Kafka node ${node.info.id} exited (code ${exitCode}) while starting. Its log (${file}) says:\n${serverLogTail(node)}`,
      );
    }
    if (existsSync(file) && /Kafka Server started/.test(readFileSync(file, 'utf8'))) return;
    await sleep(200);
  }
  throw new ApacheKafkaSetupError(
    'APACHE_KAFKA.START_TIMEOUT',
    `Apache Kafka node ${node.info.id} did not come up within ${Math.round(timeoutMs / 1000)} s (a busy machine? raise startTimeoutMs). Its log (${file}) ends with:\n${serverLogTail(node)}`,
  );
}

/** Every node registered and answering metadata: a client connecting now sees the whole cluster. */
async function waitForBrokers(infos: ApacheKafkaNodeInfo[], count: number, timeoutMs: number): Promise<void> {
  const admin = new Kafka({ clientId: 'apache-kafka-launcher', brokers: infos.map((n) => `${n.host}:${n.port}`), logLevel: logLevel.NOTHING }).admin();
  const deadline = Date.now() + Math.max(timeoutMs, 5_000);
  try {
    await admin.connect();
    while (Date.now() < deadline) {
      const cluster = await admin.describeCluster().catch(() => null);
      if (cluster && cluster.brokers.length >= count && cluster.controller !== null) return;
      await sleep(250);
    }
    throw new ApacheKafkaSetupError('APACHE_KAFKA.START_TIMEOUT', `the Apache Kafka nodes started but did not all register with the controller within the start timeout`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function readPid(node: RunningNode): number | undefined {
  try {
    const pid = Number(readFileSync(node.pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function stopNode(node: RunningNode, signal: NodeJS.Signals): Promise<void> {
  const child = node.process;
  if (!child) return;
  const pid = readPid(node);
  const exited = node.exited;
  // Signal the JVM itself: SIGKILL to the wrapper would leave the JVM running until its stdin watcher noticed.
  if (pid) {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  } else child.kill(signal);
  const force = setTimeout(() => {
    if (pid) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    child.kill('SIGKILL');
  }, 30_000);
  await exited;
  clearTimeout(force);
  node.process = null;
  node.exited = null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
