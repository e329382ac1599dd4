import type * as PgliteModule from '@electric-sql/pglite';

/**
 * Requires PGlite through Node's own loader. PGlite imports Node built-ins with dynamic import(), which module
 * sandboxes such as Jest's (run without --experimental-vm-modules) cannot serve, and they also replace
 * `createRequire`; `process.getBuiltinModule` (Node >= 20.16) reaches the real one. Outside a sandbox this is
 * an ordinary require.
 */
export function loadPglite(): typeof PgliteModule {
  const nodeRequire = typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule('node:module').createRequire(__filename) : require;
  return nodeRequire('@electric-sql/pglite') as typeof PgliteModule;
}
