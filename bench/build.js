#!/usr/bin/env node
// `consentgate build` throughput against a plain DuckDB copy of the same content (spec issue 3).
//
//   npm run build && node bench/build.js [--items 1000000] [--members N/10] [--runs 1] [--seed 1]
//
// Generates a platform of N items and N/10 members (once, in bench/data/build-N/), imports it into
// a SQLite store and syncs the content cache beside it (once, timed apart), then runs each case in
// a child process and takes its wall time and peak resident memory (the OS high-water mark of the
// whole process, DuckDB's native memory included):
//   (a) floor: DuckDB `COPY (SELECT id, kind, created_at, text FROM content) TO … (FORMAT parquet)`
//       over the cached content, with the build's Parquet settings (zstd, 100k-row groups);
//   (b) build --format parquet --no-redaction;
//   (c) build --format parquet (mentions, objections, redaction), text transforms on worker threads
//       (the default: cores − 1 workers);
//   (c0) the same on the JavaScript thread alone (CONSENTGATE_TRANSFORM_WORKERS=0), for comparison.
// Writes bench/results/build-N.json and rebuilds bench/results/build.md from every build-*.json.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const num = (v) => Number(String(v).replace(/_/g, ''));

const child = arg('child');
if (child !== undefined) await runChild(child);
else await main();

async function runChild(kind) {
  const dir = arg('dir');
  const asOf = Date.parse(arg('as-of'));
  // Every measured build records its lineage into a store with no earlier builds, as after the
  // import: each build adds a row per member with included items, and a lineage index of tens of
  // millions of rows (earlier bench runs and tests) made that stage take twice as long.
  if (kind !== 'floor') {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(dir, 'store.db'));
    db.exec('DELETE FROM dataset_members; DELETE FROM datasets;');
    db.close();
  }
  const started = performance.now();
  let extra = {};
  if (kind === 'floor') {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const state = JSON.parse(readFileSync(join(dir, 'store.db.content', 'cache.json'), 'utf8'));
    const files = state.segments.map((s) => `'${join(dir, 'store.db.content', s.file)}'`).join(', ');
    const out = join(dir, 'floor.parquet');
    const instance = await DuckDBInstance.create(':memory:', { memory_limit: process.env.CONSENTGATE_DUCKDB_MEMORY ?? '2GB', temp_directory: join(dir, '.floor-spill') });
    const c = await instance.connect();
    const r = await c.runAndReadAll(`COPY (SELECT id, kind, created_at, text FROM read_parquet([${files}])) TO '${out}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)`);
    extra = { rows: Number(r.getRows()[0][0]) };
    c.closeSync();
    instance.closeSync();
    rmSync(out, { force: true });
  } else {
    const { buildDataset } = await import('../dist/dataset/build-dataset.js');
    const { openStore } = await import('../dist/storage/open-store.js');
    const { loadPolicy } = await import('../dist/policy/load-policy.js');
    const store = await openStore(join(dir, 'store.db'));
    try {
      const out = join(dir, `out-${kind}`);
      const r = await buildDataset({ store, policy: loadPolicy(), asOf, out, format: 'parquet', force: true, redaction: kind !== 'plain' });
      const m = r.manifest;
      extra = { stages: r.timings, counts: { considered: m.counts.considered, included: m.counts.included }, redactions: m.redactions, transforms: m.transforms, bytes: m.files[0].bytes };
      rmSync(out, { recursive: true, force: true });
    } finally {
      await store.close();
    }
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${JSON.stringify({ kind, seconds, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), ...extra })}\n`);
}

function runNode(args, env = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()));
    });
  });
}

function machine() {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(), host: os.hostname(), cpu: cpus[0]?.model ?? '?', cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}`,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

async function prepare(dir, items, members, seed) {
  mkdirSync(dir, { recursive: true });
  const setup = {};
  const platform = join(dir, 'platform');
  if (!existsSync(join(platform, 'summary.json'))) {
    const { generatePlatform } = await import('../dist/generate/generate-platform.js');
    const t = performance.now();
    await generatePlatform({ out: platform, members, items, seed, progress: process.stderr.isTTY });
    setup.generateSeconds = (performance.now() - t) / 1000;
  }
  const db = join(dir, 'store.db');
  if (!existsSync(join(dir, 'imported.ok'))) {
    rmSync(db, { force: true });
    rmSync(`${db}.content`, { recursive: true, force: true });
    const { importFiles } = await import('../dist/import/import-files.js');
    const { openStore } = await import('../dist/storage/open-store.js');
    const store = await openStore(db);
    const t = performance.now();
    const files = Object.fromEntries(['members', 'groups', 'content', 'consent', 'notices', 'objections'].map((k) => [k, join(platform, `${k}.jsonl`)]));
    await importFiles(store, files);
    setup.importSeconds = (performance.now() - t) / 1000;
    await store.close();
    writeFileSync(join(dir, 'imported.ok'), new Date().toISOString());
  }
  // The content cache is derived once after an import (later builds only check it): timed apart.
  const { syncContentCache, cacheDirOf } = await import('../dist/dataset/source/content-cache.js');
  const { SqliteStore } = await import('../dist/storage/sqlite/sqlite-store.js');
  const store = SqliteStore.open(db);
  const t = performance.now();
  const sync = await syncContentCache(store.db, cacheDirOf(db), store.secret);
  if (sync.added > 0) setup.cacheSyncSeconds = (performance.now() - t) / 1000;
  setup.contentRows = sync.rows;
  await store.close();
  const summary = JSON.parse(readFileSync(join(platform, 'summary.json'), 'utf8'));
  setup.textBytes = summary.content?.textBytes;
  setup.ledgerEntries = (summary.files['consent.jsonl']?.rows ?? 0) + (summary.files['notices.jsonl']?.rows ?? 0) + (summary.files['objections.jsonl']?.rows ?? 0);
  setup.objections = summary.files['objections.jsonl']?.rows;
  return setup;
}

async function main() {
  const items = num(arg('items', '1000000'));
  const members = num(arg('members', String(Math.max(1, Math.round(items / 10)))));
  const seed = arg('seed', '1');
  const runs = num(arg('runs', '1'));
  const asOf = arg('as-of', '2026-07-01T00:00:00Z');
  const cases = arg('cases', 'floor,plain,full,full0').split(',');
  const dir = join(arg('data', join(HERE, 'data')), `build-${items}`);
  const results = join(HERE, 'results');
  mkdirSync(results, { recursive: true });
  if (!existsSync(join(ROOT, 'dist', 'dataset', 'build-dataset.js'))) throw new Error('run `npm run build` first');

  const before = machine();
  process.stderr.write(`bench build: ${items} items, ${members} members in ${dir}\n`);
  const setup = await prepare(dir, items, members, seed);
  const runsOf = {};
  for (let r = 0; r < runs; r++) {
    for (const kind of cases) {
      const res = await runNode([fileURLToPath(import.meta.url), '--child', kind, '--dir', dir, '--as-of', asOf], kind === 'full0' ? { CONSENTGATE_TRANSFORM_WORKERS: '0' } : {});
      process.stderr.write(`  run ${r + 1} ${kind}: ${res.seconds.toFixed(1)} s, peak RSS ${res.maxRssMiB} MiB\n`);
      (runsOf[kind] ??= []).push(res);
    }
  }
  const best = Object.fromEntries(Object.entries(runsOf).map(([k, list]) => [k, list.reduce((a, b) => (b.seconds < a.seconds ? b : a))]));
  const ratio = (k) => (best[k] && best.floor ? Math.round((best[k].seconds / best.floor.seconds) * 100) / 100 : null);
  const report = {
    items, members, asOf, runs, machine: { ...before, loadAverageAfter: os.loadavg().map((l) => Math.round(l * 100) / 100) },
    setup, best, ratios: { plainOverFloor: ratio('plain'), fullOverFloor: ratio('full'), fullOneThreadOverFloor: ratio('full0') },
    goals: { plainOverFloor: 1.5, fullOverFloor: 3, peakRssMiB: 4096 }, all: runsOf,
  };
  writeFileSync(join(results, `build-${items}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(results, 'build.md'), markdown(results));
  process.stdout.write(`${summaryLine(report)}\n`);
}

function summaryLine(r) {
  const s = (k) => (r.best[k] ? `${r.best[k].seconds.toFixed(1)} s / ${r.best[k].maxRssMiB} MiB` : '-');
  return `build bench ${r.items} items: (a) floor ${s('floor')}, (b) no redaction ${s('plain')} = ${r.ratios.plainOverFloor}x (goal 1.5x), (c) full ${s('full')} = ${r.ratios.fullOverFloor}x (goal 3x), (c0) full on one thread ${s('full0')} = ${r.ratios.fullOneThreadOverFloor}x`;
}

function markdown(dir) {
  const reports = readdirSync(dir).filter((f) => /^build-\d+\.json$/.test(f)).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8'))).sort((a, b) => a.items - b.items);
  const sec = (r, k) => (r.best[k] ? r.best[k].seconds.toFixed(1) : '-');
  const rss = (r, k) => (r.best[k] ? String(r.best[k].maxRssMiB) : '-');
  const stages = (r, k) => (r.best[k]?.stages ? Object.entries(r.best[k].stages).filter(([n]) => !['total'].includes(n)).map(([n, v]) => `${n} ${typeof v === 'number' && v % 1 !== 0 ? v.toFixed(2) : v}`).join(', ') : '-');
  const lines = [
    '# `consentgate build` benchmark',
    '',
    'Generated by `node bench/build.js --items N` (see the header of that file for what each case runs).',
    'Times are wall seconds of one child process each (best of the runs), peak RSS is the process high-water',
    "mark (DuckDB's native memory included). (a) is the floor: a plain DuckDB copy of the same content to",
    'Parquet with the same settings; (b) and (c) are whole builds (verify, decide, write, Merkle, lineage).',
    '',
    '| items | members | (a) floor s | (b) no redaction s | (b)/(a) | (c) full s | (c)/(a) | (c0) one thread s | (c0)/(a) | peak RSS MiB (a/b/c/c0) | machine |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
    ...reports.map((r) => `| ${r.items} | ${r.members} | ${sec(r, 'floor')} | ${sec(r, 'plain')} | ${r.ratios.plainOverFloor ?? '-'} | ${sec(r, 'full')} | ${r.ratios.fullOverFloor ?? '-'} | ${sec(r, 'full0')} | ${r.ratios.fullOneThreadOverFloor ?? '-'} | ${rss(r, 'floor')}/${rss(r, 'plain')}/${rss(r, 'full')}/${rss(r, 'full0')} | ${r.machine.cores} × ${r.machine.cpu}, load ${r.machine.loadAverage[0]}, ${r.machine.date.slice(0, 10)} |`),
    '',
    'Goals: (b) ≤ 1.5 × (a), (c) ≤ 3 × (a), peak RSS < 4 GiB at 10 million items.',
    '',
    '## Stages (seconds)',
    '',
    ...reports.flatMap((r) => [
      `- ${r.items} items (b): ${stages(r, 'plain')}`,
      `- ${r.items} items (c): ${stages(r, 'full')}`,
      `- ${r.items} items (c0): ${stages(r, 'full0')}`,
      `- setup: ${Object.entries(r.setup).map(([k, v]) => `${k} ${typeof v === 'number' && v % 1 !== 0 ? v.toFixed(1) : v}`).join(', ')}`,
    ]),
    '',
  ];
  return lines.join('\n');
}
