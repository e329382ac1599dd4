import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

export interface UiAssets {
  html: string;
  js: string;
  css: string;
}

const UI_DIR = join(__dirname, '..', 'ui');

/** Bundles the browser code (TypeScript, no framework) once at boot: every asset is served by the console itself. */
export async function buildUiAssets(): Promise<UiAssets> {
  const result = await build({ entryPoints: [join(UI_DIR, 'main.ts')], bundle: true, write: false, format: 'iife', target: 'es2022', minify: true, legalComments: 'none' });
  const js = result.outputFiles[0]?.text;
  if (js === undefined) throw new Error('esbuild produced no UI bundle');
  const [html, css] = await Promise.all([readFile(join(UI_DIR, 'index.html'), 'utf8'), readFile(join(UI_DIR, 'console.css'), 'utf8')]);
  return { html, js, css };
}
