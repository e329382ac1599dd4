/**
 * `npm run kafka:apache -- [--nodes N] [--port P | --ports P1,P2,..] [--data-dir DIR] [--heap-mb M]`: real Apache
 * Kafka (KRaft, combined broker+controller nodes) on 127.0.0.1 until Ctrl-C/SIGTERM. The first line of stdout is the
 * bootstrap list, so a script can read it: `BROKERS=$(npm run -s kafka:apache | head -1)`.
 */
import { parseArgs } from 'node:util';
import { ApacheKafkaSetupError } from './installation';
import { startApacheKafka } from './cluster';

const HELP = `usage: npm run kafka:apache -- [options]

  --nodes N         combined broker+controller nodes (default 1)
  --port P          client port of node 1; node i listens on P+i-1 (default 9092)
  --ports P1,P2,..  one client port per node instead (e.g. 9092,9095,9098)
  --data-dir DIR    keep the data in DIR across runs (default: a temporary folder, removed on exit)
  --heap-mb M       maximum heap per node in MiB (default 512)
  --host HOST       interface to listen on (default 127.0.0.1)

Prints the bootstrap list as its first line of stdout, then runs until Ctrl-C or SIGTERM.
Kafka's own tools against it: npm run -s kafka-tools -- kafka-topics --bootstrap-server <list> --list`;

function whole(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ApacheKafkaSetupError('APACHE_KAFKA.BAD_OPTIONS', `--${name} expects a whole number in ${min}..${max}, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      nodes: { type: 'string' },
      port: { type: 'string' },
      ports: { type: 'string' },
      'data-dir': { type: 'string' },
      'heap-mb': { type: 'string' },
      host: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const ports = values.ports?.split(',').map((p) => whole('ports', p.trim(), 1, 65535) as number);
  const nodes = whole('nodes', values.nodes, 1, 9);
  if (ports && nodes !== undefined && nodes !== ports.length) {
    throw new ApacheKafkaSetupError('APACHE_KAFKA.BAD_OPTIONS', `--nodes ${nodes} but --ports lists ${ports.length} ports`);
  }
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const cluster = await startApacheKafka({
    nodes,
    ports,
    port: whole('port', values.port, 1, 65535),
    dataDir: values['data-dir'],
    heapMb: whole('heap-mb', values['heap-mb'], 128, 65536),
    host: values.host,
    log: say,
  });
  process.stdout.write(`${cluster.bootstrapServers}\n`);
  say(`data in ${cluster.dataDir}${values['data-dir'] ? '' : ' (temporary: removed on exit)'}; node logs in ${cluster.dataDir}/node-*/logs/server.log`);
  say(`try: npm run -s kafka-tools -- kafka-topics --bootstrap-server ${cluster.bootstrapServers} --list   (Ctrl-C stops Kafka)`);
  return new Promise((done) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      say(`${signal}: stopping Apache Kafka...`);
      void cluster.stop().then(() => done(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ApacheKafkaSetupError ? error.message : error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
