import { spawn } from 'node:child_process';
import { REPO_ROOT } from './paths';

/**
 * Runs `npm run build` (nest build: every app and lib to dist/). The suite runs the compiled services because a
 * ts-node start costs 5-8 s of CPU per process on this machine and the scenarios start dozens of them; a kill and
 * restart should measure the service's recovery, not the TypeScript compiler.
 */
export async function buildServices(log: (line: string) => void): Promise<void> {
  const started = Date.now();
  const output: string[] = [];
  const code = await new Promise<number | null>((resolveExit, reject) => {
    const child = spawn('npm', ['run', '-s', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('error', reject);
    child.once('exit', resolveExit);
  });
  if (code !== 0) throw new Error(`npm run build failed (exit ${code}):\n${output.join('').slice(-4000)}`);
  log(`built the services (npm run build) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
