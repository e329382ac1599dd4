/**
 * Suites that can only run on PostgreSQL (two processes sharing one database, pg's pool behaviour). Without
 * TEST_DATABASE_URL they are skipped with one line naming what is missing and how to run them; under CI=true a
 * missing TEST_DATABASE_URL is a failure, so CI never passes by skipping them.
 */
export const postgresTestUrl = process.env.TEST_DATABASE_URL || undefined;

export function describeOnPostgres(name: string, why: string, body: () => void): void {
  if (postgresTestUrl !== undefined) {
    describe(name, body);
    return;
  }
  const missing = `needs PostgreSQL (${why}): set TEST_DATABASE_URL or run \`npm run test:postgres\``;
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('runs on PostgreSQL', () => {
        throw new Error(`${missing}; CI=true, so this is a failure rather than a skip`);
      });
    });
    return;
  }
  process.stdout.write(`skipped "${name}": ${missing}\n`);
  // Skipped on purpose on a machine without PostgreSQL (a fresh clone's `npm test`): these suites need two processes
  // on one real PostgreSQL, which PGlite cannot be. `npm run test:postgres` runs them, and CI runs that.
  describe.skip(name, body);
}

/**
 * `url` parsed by WHATWG rules, which refuse pg's socket form with an empty host (`postgres://u@/db?host=/dir`):
 * that host is read as `localhost` and the socket directory stays in `?host=`.
 */
export function parsePostgresUrl(url: string): URL {
  return new URL(url.replace(/^(postgres(?:ql)?:\/\/[^/?#]*@)(?=[/?#])/, '$1localhost').replace(/^(postgres(?:ql)?:\/\/)(?=[/?#])/, '$1localhost'));
}

/**
 * Where a raw connection to the TEST_DATABASE_URL server goes: host and port, or the unix socket of
 * `?host=/var/run/postgresql`, as pg itself would resolve it.
 */
export function postgresSocketTarget(url: URL): { port: number; host: string } | { path: string } {
  const port = Number(url.port || 5432);
  const socketDir = url.searchParams.get('host') ?? undefined;
  if (socketDir !== undefined && socketDir.startsWith('/')) return { path: `${socketDir}/.s.PGSQL.${port}` };
  return { port, host: socketDir ?? url.hostname };
}
