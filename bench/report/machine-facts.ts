import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import { resolve } from 'node:path';
import { postgresVersion } from '../support/postgres';
import { REPO_ROOT } from '../support/processes';

/** What the numbers were measured on: printed at the top of every report. */
export interface MachineFacts {
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly loadAverageAtStart: readonly number[];
  readonly node: string;
  readonly os: string;
  readonly postgres: string;
  readonly pglite: string;
  readonly kafkajs: string;
  readonly gitCommit: string;
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(resolve(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

function gitCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const changed = execFileSync('git', ['status', '--porcelain', '--', 'apps', 'libs'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    return changed === '' ? commit : `${commit} + uncommitted changes under apps/ or libs/`;
  } catch {
    return 'unknown';
  }
}

export async function machineFacts(postgresUrl: string): Promise<MachineFacts> {
  const cpus = os.cpus();
  const postgres = await postgresVersion(postgresUrl).catch((error: Error) => `unreachable (${error.message})`);
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    postgres,
    pglite: packageVersion('@electric-sql/pglite'),
    kafkajs: packageVersion('kafkajs'),
    gitCommit: gitCommit(),
  };
}
