/**
 * Where Apache Kafka's jars live and how they get there: tools/apache-kafka/pom.xml pins the version, Maven copies
 * the artifacts and their dependencies into .cache/apache-kafka/<version>/libs (git-ignored), and a marker file
 * written last says the copy is whole. Nothing here downloads by itself: `ensureApacheKafka` runs the ordinary
 * Maven client, which takes what it needs from Maven Central (or the user's own mirror in ~/.m2/settings.xml).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const APACHE_KAFKA_VERSION = '4.1.1';
export const REPO_ROOT = resolve(__dirname, '..', '..');
export const POM = join(REPO_ROOT, 'tools', 'apache-kafka', 'pom.xml');
export const BROKER_LOG4J = join(REPO_ROOT, 'tools', 'apache-kafka', 'log4j2-broker.properties');
export const TOOLS_LOG4J = join(REPO_ROOT, 'tools', 'apache-kafka', 'log4j2-tools.properties');

/** A setup problem a person can fix: the message says what is wrong and what to do. */
export class ApacheKafkaSetupError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApacheKafkaSetupError';
  }
}

export function installDir(): string {
  return process.env.APACHE_KAFKA_HOME || join(REPO_ROOT, '.cache', 'apache-kafka', APACHE_KAFKA_VERSION);
}

function libsDir(): string {
  return join(installDir(), 'libs');
}

function markerFile(): string {
  return join(installDir(), '.complete');
}

/** The `java -cp` value for Kafka's classes. */
export function apacheKafkaClasspath(): string {
  return `${libsDir()}/*`;
}

export function isInstalled(): boolean {
  return existsSync(markerFile()) && existsSync(libsDir()) && readdirSync(libsDir()).some((f) => f.startsWith('kafka_2.13-'));
}

/** Java 17 or newer on the PATH (JAVA_HOME/bin first when set), or a message saying what to install. */
export function javaCommand(): string {
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const probe = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new ApacheKafkaSetupError(
      'APACHE_KAFKA.NO_JAVA',
      'Apache Kafka needs Java 17 or newer, and no `java` was found. Install a JDK (Debian: `apt-get install -y openjdk-17-jdk-headless`) or set JAVA_HOME.',
    );
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${probe.stderr}${probe.stdout}`);
  const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : 0;
  if (major < 17) {
    throw new ApacheKafkaSetupError(
      'APACHE_KAFKA.OLD_JAVA',
      `Apache Kafka ${APACHE_KAFKA_VERSION} needs Java 17 or newer; \`${java}\` is Java ${major || 'of an unknown version'}. Install a JDK 17+ (Debian: \`apt-get install -y openjdk-17-jdk-headless\`) or point JAVA_HOME at one.`,
    );
  }
  return java;
}

function mavenCommand(): string {
  const probe = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new ApacheKafkaSetupError(
      'APACHE_KAFKA.NO_MAVEN',
      "Fetching Apache Kafka needs Maven (`mvn`), and none was found. Install it (Debian: `apt-get install -y maven`), or put Kafka 4.1.1's jars in a folder and set APACHE_KAFKA_HOME to its parent (jars under APACHE_KAFKA_HOME/libs, plus an empty file .complete).",
    );
  }
  return 'mvn';
}

/**
 * Fetches the jars unless they are there already. `log` gets one line before a fetch (it can take a minute on a
 * cold Maven cache). Returns true when it fetched, false when there was nothing to do.
 */
export function ensureApacheKafka(log: (line: string) => void = () => undefined): boolean {
  javaCommand();
  if (isInstalled()) return false;
  const mvn = mavenCommand();
  log(`fetching Apache Kafka ${APACHE_KAFKA_VERSION} with Maven into ${installDir()} (once)...`);
  rmSync(libsDir(), { recursive: true, force: true });
  mkdirSync(libsDir(), { recursive: true });
  const fetch = spawnSync(mvn, ['-q', '-B', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${libsDir()}`, '-DincludeScope=runtime'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (fetch.error || fetch.status !== 0) {
    const output = `${fetch.stdout ?? ''}${fetch.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    rmSync(libsDir(), { recursive: true, force: true });
    throw new ApacheKafkaSetupError(
      'APACHE_KAFKA.FETCH_FAILED',
      `Maven could not fetch Apache Kafka ${APACHE_KAFKA_VERSION} (is Maven Central, or your mirror in ~/.m2/settings.xml, reachable?). Maven said:\n${output}\nRun \`npm run setup:apache-kafka\` again once it is.`,
    );
  }
  writeFileSync(markerFile(), `${new Date().toISOString()}\n`);
  return true;
}
