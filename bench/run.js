#!/usr/bin/env node
// `npm run bench`: every benchmark in turn, each writing its own results under bench/results/.
//   npm run bench                       all, at the sizes the issues name (10 million items)
//   npm run bench -- --items 1000000    smaller data for a quick look
//   npm run bench -- --only core,build  a subset
// Run it on a quiet machine: the figures are wall-clock rates.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const flag = (name) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const items = flag('items');
const only = flag('only')?.split(',');

const suites = [
  ['redaction', 'redaction-quality.js', []],
  ['merkle', 'merkle.js', []],
  ['core', 'core.js', items ? ['--items', items] : []],
  ['build', 'build.js', items ? ['--items', items] : []],
  ['postgres', 'postgres.js', []],
  ['http', 'http.js', []],
];

let failed = 0;
for (const [name, file, args] of suites) {
  if (only && !only.includes(name)) continue;
  const path = join(here, file);
  if (!existsSync(path)) {
    console.error(`bench ${name}: ${file} is missing`);
    failed++;
    continue;
  }
  console.error(`\n=== bench ${name} ===`);
  const started = Date.now();
  const r = spawnSync(process.execPath, [path, ...args], { stdio: 'inherit' });
  console.error(`=== ${name}: ${r.status === 0 ? 'done' : `failed (${r.status})`} in ${Math.round((Date.now() - started) / 1000)} s ===`);
  if (r.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
