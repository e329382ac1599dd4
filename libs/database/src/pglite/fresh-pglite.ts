import type { PGlite, PGliteOptions } from '@electric-sql/pglite';
import { loadPglite } from './load-pglite';

const { PGlite: PGliteClass } = loadPglite();

// initdb takes about 2 s; loading a copy of a freshly initialised data directory takes about 0.4 s. A process
// that opens one in-memory database (a service) never pays for the copy (about 40 MB, kept for the process
// lifetime); one that opens many (a test suite) takes the copy at its second and loads it from then on.
let inMemoryOpened = 0;
let template: Promise<Blob | File> | undefined;

/** Creates a PGlite instance; in memory when `options.dataDir` is undefined. */
export async function createPglite(options: PGliteOptions): Promise<PGlite> {
  if (options.dataDir !== undefined) return PGliteClass.create(options);
  inMemoryOpened += 1;
  const copy = template && (await template.catch(() => undefined));
  if (copy) return PGliteClass.create({ ...options, loadDataDir: copy });
  const pg = await PGliteClass.create(options);
  if (inMemoryOpened >= 2 && !template) {
    // Taken before anyone writes to the instance, so the copy is exactly a fresh initdb.
    template = pg.dumpDataDir('none');
    await template.catch(() => (template = undefined));
  }
  return pg;
}
