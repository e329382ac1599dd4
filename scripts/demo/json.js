#!/usr/bin/env node
// Evaluates a JavaScript expression over the JSON document on stdin (bound to `j`) and prints the result:
// strings as they are, anything else as JSON. The demo parses with Node because jq is not on every CI machine.
//   curl -s .../orders/1 | node scripts/demo/json.js 'j.status'
'use strict';
const { readFileSync } = require('node:fs');

const expression = process.argv[2];
if (!expression) {
  process.stderr.write('usage: node scripts/demo/json.js <expression over j> < document.json\n');
  process.exit(2);
}
const input = readFileSync(0, 'utf8');
let j;
try {
  j = JSON.parse(input);
} catch (error) {
  process.stderr.write(`json.js: input is not JSON (${error.message}): ${input.slice(0, 300)}\n`);
  process.exit(1);
}
let value;
try {
  value = new Function('j', `"use strict"; return (${expression});`)(j);
} catch (error) {
  process.stderr.write(`json.js: ${expression}: ${error.message}\n`);
  process.exit(1);
}
if (value === undefined) process.exit(0);
process.stdout.write(typeof value === 'string' ? `${value}\n` : `${JSON.stringify(value)}\n`);
