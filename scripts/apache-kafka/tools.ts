/**
 * `npm run -s kafka-tools -- <tool> [args]`: Apache Kafka's own command-line tools by their usual names (the
 * scripts of Kafka's bin/ folder, without `.sh`), run from the Maven-fetched jars: the reference Java client, with
 * no Docker and no Kafka installation. Arguments go to the tool untouched; its exit code is ours.
 */
import { spawn } from 'node:child_process';
import { ApacheKafkaSetupError, TOOLS_LOG4J, apacheKafkaClasspath, ensureApacheKafka, javaCommand } from './installation';

/** Tool name -> main class, as Kafka 4.1's bin/*.sh scripts run them. */
export const KAFKA_TOOLS: Record<string, string> = {
  'kafka-topics': 'org.apache.kafka.tools.TopicCommand',
  'kafka-console-producer': 'org.apache.kafka.tools.ConsoleProducer',
  'kafka-console-consumer': 'org.apache.kafka.tools.consumer.ConsoleConsumer',
  'kafka-consumer-groups': 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
  'kafka-share-groups': 'org.apache.kafka.tools.consumer.group.ShareGroupCommand',
  'kafka-streams-groups': 'org.apache.kafka.tools.streams.StreamsGroupCommand',
  'kafka-groups': 'org.apache.kafka.tools.GroupsCommand',
  'kafka-configs': 'kafka.admin.ConfigCommand',
  'kafka-get-offsets': 'org.apache.kafka.tools.GetOffsetShell',
  'kafka-delete-records': 'org.apache.kafka.tools.DeleteRecordsCommand',
  'kafka-producer-perf-test': 'org.apache.kafka.tools.ProducerPerformance',
  'kafka-consumer-perf-test': 'org.apache.kafka.tools.ConsumerPerformance',
  'kafka-e2e-latency': 'org.apache.kafka.tools.EndToEndLatency',
  'kafka-broker-api-versions': 'org.apache.kafka.tools.BrokerApiVersionsCommand',
  'kafka-acls': 'org.apache.kafka.tools.AclCommand',
  'kafka-log-dirs': 'org.apache.kafka.tools.LogDirsCommand',
  'kafka-reassign-partitions': 'org.apache.kafka.tools.reassign.ReassignPartitionsCommand',
  'kafka-leader-election': 'org.apache.kafka.tools.LeaderElectionCommand',
  'kafka-metadata-quorum': 'org.apache.kafka.tools.MetadataQuorumCommand',
  'kafka-transactions': 'org.apache.kafka.tools.TransactionsCommand',
  'kafka-features': 'org.apache.kafka.tools.FeatureCommand',
  'kafka-cluster': 'org.apache.kafka.tools.ClusterTool',
  'kafka-client-metrics': 'org.apache.kafka.tools.ClientMetricsCommand',
  'kafka-delegation-tokens': 'org.apache.kafka.tools.DelegationTokenCommand',
  'kafka-verifiable-producer': 'org.apache.kafka.tools.VerifiableProducer',
  'kafka-verifiable-consumer': 'org.apache.kafka.tools.VerifiableConsumer',
  'kafka-streams-application-reset': 'org.apache.kafka.tools.StreamsResetter',
  'kafka-replica-verification': 'org.apache.kafka.tools.ReplicaVerificationTool',
  'kafka-jmx': 'org.apache.kafka.tools.JmxTool',
  'kafka-storage': 'kafka.tools.StorageTool',
  'kafka-dump-log': 'kafka.tools.DumpLogSegments',
};

function usage(): string {
  return [
    "usage: npm run -s kafka-tools -- <tool> [args]   (Apache Kafka 4.1.1's own tools, no Docker needed)",
    '',
    'tools:',
    ...Object.keys(KAFKA_TOOLS).map((name) => `  ${name}`),
    '',
    'e.g.  npm run -s kafka-tools -- kafka-consumer-groups --bootstrap-server 127.0.0.1:9092 --describe --group payment-service',
  ].join('\n');
}

/** The java command line for a tool, for callers that spawn it themselves (tests, the bench). */
export function kafkaToolCommand(tool: string, args: string[]): { command: string; args: string[] } {
  const mainClass = KAFKA_TOOLS[tool.replace(/\.sh$/, '')];
  if (!mainClass) throw new ApacheKafkaSetupError('APACHE_KAFKA.UNKNOWN_TOOL', `unknown tool ${JSON.stringify(tool)}\n\n${usage()}`);
  return {
    command: javaCommand(),
    args: [
      '-Xmx512m',
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${TOOLS_LOG4J}`,
      '-cp',
      apacheKafkaClasspath(),
      mainClass,
      ...args,
    ],
  };
}

function main(argv: string[]): void {
  const [tool, ...args] = argv;
  if (!tool || tool === '--help' || tool === '-h') {
    process.stdout.write(`${usage()}\n`);
    process.exit(tool ? 0 : 2);
  }
  let command: { command: string; args: string[] };
  try {
    command = kafkaToolCommand(tool, args);
    ensureApacheKafka((line) => process.stderr.write(`${line}\n`));
  } catch (error) {
    process.stderr.write(`${error instanceof ApacheKafkaSetupError ? error.message : String(error)}\n`);
    process.exit(2);
  }
  const child = spawn(command.command, command.args, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 143)));
}

if (require.main === module) main(process.argv.slice(2));
