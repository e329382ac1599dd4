import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from './processes';

const SOURCES = ['apps', 'libs'];
const APPS = ['order-service', 'payment-service', 'notification-service', 'analytics-service'];

function newestSourceMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMs(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function oldestBuildMs(): number {
  let oldest = Infinity;
  for (const app of APPS) {
    try {
      oldest = Math.min(oldest, statSync(resolve(REPO_ROOT, 'dist/apps', app, 'src/main.js')).mtimeMs);
    } catch {
      return 0;
    }
  }
  return oldest;
}

/**
 * Services are measured compiled (dist/apps/<svc>/src/main.js), never through ts-node: runs `npm run build`
 * when any source under apps/ or libs/ is newer than the oldest compiled entry point.
 */
export function ensureBuilt(log: (line: string) => void): void {
  const newest = Math.max(...SOURCES.map((dir) => newestSourceMs(resolve(REPO_ROOT, dir))));
  if (oldestBuildMs() >= newest) {
    log('dist is up to date with apps/ and libs/');
    return;
  }
  log('sources changed since the last build: npm run build');
  const built = spawnSync('npm', ['run', '-s', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (built.status !== 0) throw new Error(`npm run build failed (exit ${built.status})`);
}
