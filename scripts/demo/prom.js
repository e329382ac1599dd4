#!/usr/bin/env node
// Sums the samples of one Prometheus metric in the text exposition format on stdin (several services' /metrics
// concatenated), keeping only samples whose labels match every `name=value` given.
//   curl -s :3003/metrics :3006/metrics | node scripts/demo/prom.js payments_total outcome=duplicate
'use strict';
const { readFileSync } = require('node:fs');

const [metric, ...filters] = process.argv.slice(2);
if (!metric) {
  process.stderr.write('usage: node scripts/demo/prom.js <metric> [label=value ...] < metrics.txt\n');
  process.exit(2);
}
const wanted = filters.map((filter) => {
  const at = filter.indexOf('=');
  return [filter.slice(0, at), filter.slice(at + 1)];
});
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

let sum = 0;
for (const line of readFileSync(0, 'utf8').split('\n')) {
  const sample = SAMPLE.exec(line);
  if (!sample || sample[1] !== metric) continue;
  const labels = Object.fromEntries([...(sample[2] ?? '').matchAll(LABEL)].map((m) => [m[1], m[2]]));
  if (wanted.every(([name, value]) => labels[name] === value)) sum += Number(sample[3]);
}
process.stdout.write(`${Number.isInteger(sum) ? sum : sum.toFixed(3)}\n`);
