#!/usr/bin/env node
// Creates or drops the demo's own PostgreSQL database, through the `pg` client the services use (so psql is not
// needed). `probe` exits 0 when the server answers, 3 when it does not.
//   node scripts/demo/pg-database.js probe|create|drop <admin url> [database]
'use strict';
const { Client } = require('pg');

const [action, adminUrl, database] = process.argv.slice(2);
const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

async function main() {
  if (!['probe', 'create', 'drop'].includes(action) || !adminUrl || (action !== 'probe' && !NAME.test(database ?? ''))) {
    process.stderr.write('usage: node scripts/demo/pg-database.js probe|create|drop <admin url> [database: a-z, 0-9, _]\n');
    return 2;
  }
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    process.stderr.write(`cannot reach PostgreSQL at ${adminUrl}: ${error.message}\n`);
    return 3;
  }
  try {
    if (action === 'create') await client.query(`CREATE DATABASE ${database}`);
    // FORCE: a service killed a moment ago may still hold a connection the server has not noticed yet
    if (action === 'drop') await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    return 0;
  } catch (error) {
    process.stderr.write(`${action} database ${database ?? ''}: ${error.message}\n`);
    return 1;
  } finally {
    await client.end();
  }
}

main().then((code) => process.exit(code));
