import { resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');
/** Where `npm run build` puts the compiled apps and libs (one tree: dist/apps, dist/libs). */
export const DIST_DIR = resolve(REPO_ROOT, 'dist');
