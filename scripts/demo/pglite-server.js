#!/usr/bin/env node
// PGlite served over the PostgreSQL wire protocol on a unix socket, for ./test-kafka.sh on a machine without
// PostgreSQL: the two payment-service instances (and the other services) connect to it as to any PostgreSQL.
// pglite-socket multiplexes the connections onto PGlite's one session and keeps a transaction's statements together;
// session-level state (advisory locks) is shared by all of them, which the demo can live with (see test-kafka.sh
// --help). Prints "listening on <socket path>" once clients can connect; SIGTERM closes it cleanly.
//   node scripts/demo/pglite-server.js <data dir> <socket dir>
'use strict';
const { mkdirSync } = require('node:fs');
const { join } = require('node:path');

async function main() {
  const [dataDir, socketDir] = process.argv.slice(2);
  if (!dataDir || !socketDir) {
    process.stderr.write('usage: node scripts/demo/pglite-server.js <data dir> <socket dir>\n');
    return 2;
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(socketDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const path = join(socketDir, '.s.PGSQL.5432');
  const server = new PGLiteSocketServer({ db, path, maxConnections: 100 });
  await server.start();
  process.stdout.write(`listening on ${path}\n`);
  await new Promise((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await server.stop();
  await db.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`pglite-server: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
