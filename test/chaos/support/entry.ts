import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModuleKind, ScriptTarget, transpileModule } from 'typescript';
import { DIST_DIR } from './paths';

/** Where the services' child entry is written: inside dist/, so `require('reflect-metadata')` resolves. */
export const SERVICE_ENTRY = join(DIST_DIR, 'chaos', 'service-main.js');

/**
 * Transpiles service-main.ts (which only imports types of ours) to {@link SERVICE_ENTRY}, so each child runs on
 * plain node: no tsx or ts-node loader in a process the scenarios kill and restart dozens of times.
 */
export function writeServiceEntry(): string {
  const source = readFileSync(join(__dirname, 'service-main.ts'), 'utf8');
  const { outputText } = transpileModule(source, { compilerOptions: { module: ModuleKind.CommonJS, target: ScriptTarget.ES2022, esModuleInterop: true } });
  mkdirSync(join(DIST_DIR, 'chaos'), { recursive: true });
  writeFileSync(SERVICE_ENTRY, outputText);
  return SERVICE_ENTRY;
}
