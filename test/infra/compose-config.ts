import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { ExternalTool, run } from '../../libs/kafka-broker/test/external-clients';

/** The repository root, where the compose files live. */
export const ROOT = resolve(__dirname, '../..');

export const dockerCompose: ExternalTool = {
  name: 'docker-compose',
  available: spawnSync('docker-compose', ['version'], { stdio: 'ignore', timeout: 30_000 }).status === 0,
  installHint: 'apt-get install docker-compose',
};

/** The parts of a resolved service that the tests read, as `docker-compose config` prints them. */
export interface ComposeService {
  readonly image?: string;
  readonly build?: unknown;
  readonly command?: string | string[];
  readonly environment?: Record<string, string | number | boolean | null> | string[];
  readonly ports?: Array<string | { published?: string | number; target?: string | number }>;
  readonly healthcheck?: {
    readonly test?: string | string[];
    readonly disable?: boolean;
    readonly interval?: string;
    readonly retries?: number;
    readonly start_period?: string;
  };
  readonly depends_on?: string[] | Record<string, { condition?: string }>;
  readonly profiles?: string[];
  readonly volumes?: Array<string | { type?: string; source?: string; target?: string }>;
  readonly restart?: string;
}

export interface ComposeConfig {
  readonly services: Record<string, ComposeService>;
  readonly volumes?: Record<string, unknown>;
}

/** `docker-compose [--profile P] -f <file>... config`, parsed: the files merged, anchors and defaults resolved. */
export async function composeConfig(files: readonly string[], profiles: readonly string[] = []): Promise<ComposeConfig> {
  const args = [...profiles.flatMap((p) => ['--profile', p]), ...files.flatMap((f) => ['-f', resolve(ROOT, f)]), 'config'];
  const result = await run('docker-compose', args, { timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(`docker-compose ${args.join(' ')} exited ${result.code}:\n${result.stderr}`);
  return parse(result.stdout.toString()) as ComposeConfig;
}

/** The service's environment as strings, whichever form the file used. */
export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((entry) => [entry.split('=')[0], entry.slice(entry.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries(env).map(([name, value]) => [name, value === null ? '' : String(value)]));
}

/** A Kafka server property as the apache/kafka and cp-kafka images take it (`num.partitions` from KAFKA_NUM_PARTITIONS). */
export function kafkaProperty(service: ComposeService, property: string): string | undefined {
  return environmentOf(service)[`KAFKA_${property.toUpperCase().replace(/\./g, '_')}`];
}

export interface PublishedPort {
  readonly host: number;
  readonly container: number;
}

export function publishedPorts(service: ComposeService): PublishedPort[] {
  return (service.ports ?? []).flatMap((port): PublishedPort[] => {
    if (typeof port === 'string') {
      const parts = port.replace(/\/(tcp|udp)$/, '').split(':');
      return parts.length < 2 ? [] : [{ host: Number(parts[parts.length - 2]), container: Number(parts[parts.length - 1]) }];
    }
    return port.published === undefined ? [] : [{ host: Number(port.published), container: Number(port.target) }];
  });
}

/** `NAME://host:port` entries of a listeners property, by listener name. */
export function listenersOf(value: string | undefined): Map<string, { host: string; port: number }> {
  const listeners = new Map<string, { host: string; port: number }>();
  for (const entry of (value ?? '').split(',')) {
    const match = /^([A-Za-z0-9_]+):\/\/(.*):(\d+)$/.exec(entry.trim());
    if (match !== null) listeners.set(match[1], { host: match[2], port: Number(match[3]) });
  }
  return listeners;
}

export function dependencyCondition(service: ComposeService, dependency: string): string | undefined {
  const dependsOn = service.depends_on;
  if (dependsOn === undefined) return undefined;
  if (Array.isArray(dependsOn)) return dependsOn.includes(dependency) ? 'service_started' : undefined;
  return dependsOn[dependency]?.condition;
}

export function healthcheckCommand(service: ComposeService): string {
  const test = service.healthcheck?.test;
  return Array.isArray(test) ? test.join(' ') : (test ?? '');
}

/** Named volumes mounted by the service, as `source -> target`. */
export function namedVolumeMounts(service: ComposeService): Map<string, string> {
  const mounts = new Map<string, string>();
  for (const volume of service.volumes ?? []) {
    if (typeof volume === 'string') {
      const [source, target] = volume.split(':');
      if (target !== undefined && !source.startsWith('.') && !source.startsWith('/')) mounts.set(source, target);
    } else if (volume.type === 'volume' && volume.source !== undefined && volume.target !== undefined) {
      mounts.set(volume.source, volume.target);
    }
  }
  return mounts;
}

export function commandOf(service: ComposeService): string[] {
  const command = service.command;
  if (command === undefined) return [];
  return Array.isArray(command) ? command : command.split(/\s+/).filter((part) => part !== '');
}
