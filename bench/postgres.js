#!/usr/bin/env node
// Issue 5 benchmarks, PostgreSQL beside SQLite. Run `npm run build` first (this imports ../dist).
//
//   node bench/postgres.js [--events 1000000] [--members 1000000] [--appends 40000] [--items 1000000]
//                          [--skip build] [--only import,asof,appends,build] [--no-sqlite] [--profile DIR]
//
// - import: consent events per second through `importFiles` (COPY in one transaction);
// - as-of: the consent state of every member as of a moment (SQL, and the generic streamed path);
// - appends: four processes appending at once, 64 requests in flight each (group commit), then verify;
// - build: the same generated platform built from PostgreSQL and from SQLite.
//
// It starts a throwaway PostgreSQL cluster from Debian's binaries (fsync and synchronous_commit on),
// or uses the server $DATABASE_URL names (it creates and drops its own databases there). Each phase
// runs in its own process so that its memory and CPU are its own. Results: bench/results/postgres.{md,json}.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = (p) => import(pathToFileURL(join(root, 'dist', p)).href);
const argv = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const log = (msg) => process.stderr.write(`${msg}\n`);

if (argv[0] === '--phase') {
  const out = await runPhase(argv[1], JSON.parse(argv[2]));
  out.maxRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(0);
}

if (!existsSync(join(root, 'dist', 'storage', 'postgres', 'postgres-store.js'))) {
  log('bench/postgres.js: dist/ is missing; run `npm run build` first');
  process.exit(1);
}

const events = Number(flag('events', 1_000_000));
const members = Number(flag('members', 1_000_000));
const appends = Number(flag('appends', 40_000));
const items = Number(flag('items', 1_000_000));
const only = flag('only', undefined);
const skip = new Set(String(flag('skip', '')).split(',').filter(Boolean));
const run = (phase) => !skip.has(phase) && (only === undefined || only.split(',').includes(phase));
// SQLite beside PostgreSQL (the comparison); --no-sqlite measures PostgreSQL alone.
const sqlite = !argv.includes('--no-sqlite');
// --profile DIR: the import phase runs under `node --cpu-prof` and writes its profile there.
const profile = flag('profile', undefined);
const dataDir = join(root, 'bench', 'data', `postgres-${events}-${members}`);
mkdirSync(dataDir, { recursive: true });

const { startCluster, adminQuery, databaseUrl } = await dist('ops/postgres-cluster.js');
let cluster;
let admin = process.env.DATABASE_URL;
if (!admin || !/^postgres(ql)?:\/\//.test(admin)) {
  log('starting a throwaway PostgreSQL cluster');
  cluster = await startCluster({ settings: { shared_buffers: '512MB', max_wal_size: '8GB', checkpoint_timeout: '15min', work_mem: '64MB', maintenance_work_mem: '256MB' } });
  admin = cluster.adminUrl;
}
const created = [];
async function database(name) {
  const full = `bench_${name}_${process.pid}`;
  await adminQuery(admin, `DROP DATABASE IF EXISTS "${full}" WITH (FORCE)`);
  await adminQuery(admin, `CREATE DATABASE "${full}"`);
  created.push(full);
  return databaseUrl(admin, full);
}
const pgVersion = (await adminQuery(admin, 'SHOW server_version')).rows[0].server_version;

const results = { machine: { ...machine(), postgres: pgVersion }, date: new Date().toISOString(), params: { events, members, appends, items }, phases: {} };
try {
  // 1. Import (the as-of phase reads what it wrote).
  const consentFile = join(dataDir, 'consent.jsonl');
  const sqliteDb = join(dataDir, 'import.db');
  if (run('import') || run('asof')) {
    if (!existsSync(consentFile)) {
      log(`generating ${events} consent events over ${members} members`);
      await writeConsent(consentFile, events, members);
    }
    const pgImport = await database('import');
    log('import into PostgreSQL');
    results.phases.importPostgres = child('import', { db: pgImport, file: consentFile }, profile);
    for (const s of ['', '-wal', '-shm']) rmSync(sqliteDb + s, { force: true });
    if (sqlite) {
      log('import into SQLite');
      results.phases.importSqlite = child('import', { db: sqliteDb, file: consentFile });
    }

    // 2. As-of consent state of every member.
    if (run('asof')) {
      log('as-of consent state');
      results.phases.asOfPostgresSql = child('asof', { db: pgImport, mode: 'sql' });
      results.phases.asOfPostgresStream = child('asof', { db: pgImport, mode: 'stream' });
      if (sqlite) results.phases.asOfSqliteStream = child('asof', { db: sqliteDb, mode: 'stream' });
    }
    for (const s of ['', '-wal', '-shm']) rmSync(sqliteDb + s, { force: true });
  }

  // 3. Four processes appending at once.
  if (run('appends')) {
    log('four concurrent appending processes');
    results.phases.appendsPostgres = await appendRace(await database('appends'));
    const appendDb = join(dataDir, 'appends.db');
    for (const s of ['', '-wal', '-shm']) rmSync(appendDb + s, { force: true });
    if (sqlite) results.phases.appendsSqlite = await appendRace(appendDb);
    for (const s of ['', '-wal', '-shm']) rmSync(appendDb + s, { force: true });
  }

  // 4. A build from each backend.
  if (run('build') && existsSync(join(root, 'dist', 'dataset', 'build-dataset.js'))) {
    const platform = join(root, 'bench', 'data', `platform-${items}`);
    if (!existsSync(join(platform, 'content.jsonl'))) {
      log(`generating a platform of ${items} items`);
      results.phases.generate = child('generate', { out: platform, items, members: Math.max(100, Math.round(items / 10)) });
    }
    const pgBuild = await database('build');
    const sqliteBuild = join(dataDir, 'build.db');
    for (const s of ['', '-wal', '-shm']) rmSync(sqliteBuild + s, { force: true });
    rmSync(join(dataDir, 'build.db.content'), { recursive: true, force: true });
    log('build: import the platform into both stores');
    results.phases.buildImportPostgres = child('importPlatform', { db: pgBuild, dir: platform });
    results.phases.buildImportSqlite = child('importPlatform', { db: sqliteBuild, dir: platform });
    const attempt = (name, opts) => {
      try {
        return child(name, opts);
      } catch (e) {
        return { error: e.message };
      }
    };
    // Both builds read a content cache, synced once after the import (later builds only check it):
    // beside the SQLite file, and in a folder named for PostgreSQL (`build --content-cache`).
    const pgCache = join(dataDir, 'build-pg.content');
    rmSync(pgCache, { recursive: true, force: true });
    log('build: sync the content caches');
    results.phases.cacheSyncPostgres = child('syncCache', { db: pgBuild, cache: pgCache });
    results.phases.cacheSyncSqlite = child('syncCache', { db: sqliteBuild });
    log('build from PostgreSQL');
    results.phases.buildPostgres = attempt('build', { db: pgBuild, out: join(dataDir, 'out-pg'), cache: pgCache });
    log('build from PostgreSQL without a content cache');
    results.phases.buildPostgresExport = attempt('build', { db: pgBuild, out: join(dataDir, 'out-pg') });
    log('build from SQLite');
    results.phases.buildSqlite = attempt('build', { db: sqliteBuild, out: join(dataDir, 'out-sqlite') });
    for (const s of ['', '-wal', '-shm']) rmSync(sqliteBuild + s, { force: true });
    rmSync(join(dataDir, 'build.db.content'), { recursive: true, force: true });
    rmSync(pgCache, { recursive: true, force: true });
  }
} finally {
  for (const name of created) await adminQuery(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
  await cluster?.stop();
}

const p = results.phases;
const perMillion = (cpu, n) => Number((cpu * 1e6 / n).toFixed(1));
results.summary = {
  ...(p.importPostgres ? {
    'import consent events/s (PostgreSQL, COPY)': p.importPostgres.rate,
    'import CPU per 1M events (PostgreSQL): node / server (s)': `${perMillion(p.importPostgres.nodeCpuSeconds, p.importPostgres.events)} / ${p.importPostgres.postgresCpuSeconds !== undefined ? perMillion(p.importPostgres.postgresCpuSeconds, p.importPostgres.events) : 'n/a'}`,
    'CPU ceiling: import events per CPU-second (PostgreSQL, the busier of client and server)': p.importPostgres.postgresCpuSeconds !== undefined ? Math.round(p.importPostgres.events / Math.max(p.importPostgres.nodeCpuSeconds, p.importPostgres.postgresCpuSeconds)) : 'n/a',
  } : {}),
  ...(p.importSqlite ? {
    'import consent events/s (SQLite)': p.importSqlite.rate,
    'CPU ceiling: import events per CPU-second (SQLite)': Math.round(p.importSqlite.events / p.importSqlite.nodeCpuSeconds),
  } : {}),
  ...(p.asOfPostgresSql ? { [`as-of consent state of ${Math.min(members, events).toLocaleString('en-US')} members, SQL (s)`]: p.asOfPostgresSql.seconds } : {}),
  ...(p.asOfPostgresStream ? { 'as-of consent state, streamed to the process (PostgreSQL, s)': p.asOfPostgresStream.seconds } : {}),
  ...(p.asOfSqliteStream ? { 'as-of consent state, streamed to the process (SQLite, s)': p.asOfSqliteStream.seconds } : {}),
  ...(p.appendsPostgres ? {
    'appends/s, 4 processes (PostgreSQL)': p.appendsPostgres.rate,
    'CPU per append, 4 processes (PostgreSQL: client + server, ms)': p.appendsPostgres.serverCpuSeconds !== undefined ? Number((1000 * (p.appendsPostgres.clientCpuSeconds + p.appendsPostgres.serverCpuSeconds) / p.appendsPostgres.entries).toFixed(3)) : 'n/a',
  } : {}),
  ...(p.appendsSqlite ? {
    'appends/s, 4 processes (SQLite)': p.appendsSqlite.rate,
    'CPU per append, 4 processes (SQLite, ms)': Number((1000 * p.appendsSqlite.clientCpuSeconds / p.appendsSqlite.entries).toFixed(3)),
  } : {}),
  ...(p.appendsPostgres ? { 'chain after the appends': p.appendsPostgres.verified && (p.appendsSqlite?.verified ?? true) ? `verifies (${p.appendsSqlite ? 'both' : 'PostgreSQL'})` : 'FAILED' } : {}),
  ...(p.buildImportPostgres ? { [`platform import, ${p.buildImportPostgres.counts.content.toLocaleString('en-US')} content rows (s): PostgreSQL / SQLite`]: `${p.buildImportPostgres.seconds.toFixed(1)} / ${p.buildImportSqlite.seconds.toFixed(1)}` } : {}),
  ...(p.buildPostgres?.error || p.buildSqlite?.error ? { build: `failed: ${p.buildPostgres?.error ?? ''} ${p.buildSqlite?.error ?? ''}`.trim() } : {}),
  ...(p.buildPostgres && !p.buildPostgres.error && !p.buildSqlite.error ? {
    [`build of ${p.buildPostgres.considered} items from PostgreSQL (s)`]: p.buildPostgres.seconds,
    [`build of ${p.buildSqlite.considered} items from SQLite (s)`]: p.buildSqlite.seconds,
    'build PostgreSQL / SQLite': Number((p.buildPostgres.seconds / p.buildSqlite.seconds).toFixed(2)),
    ...(p.buildPostgresExport && !p.buildPostgresExport.error ? { 'build from PostgreSQL without a content cache (s)': p.buildPostgresExport.seconds } : {}),
    ...(p.cacheSyncPostgres ? { 'content cache sync after the import (s): PostgreSQL / SQLite': `${p.cacheSyncPostgres.seconds.toFixed(1)} / ${p.cacheSyncSqlite.seconds.toFixed(1)}` } : {}),
  } : {}),
};
// A partial run (--only, --skip, --no-sqlite, --profile) prints its figures and leaves the recorded results alone.
if (only === undefined && skip.size === 0 && sqlite && profile === undefined) {
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', 'postgres.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(root, 'bench', 'results', 'postgres.md'), markdown(results));
}
console.log(markdown(results));

function machine() {
  const c = cpus();
  return { cpus: c.length, cpu: c[0]?.model.trim(), memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, kernel: release(), loadavgAtStart: loadavg().map((x) => Number(x.toFixed(2))) };
}

/** CPU seconds of the throwaway cluster: its postmaster (with the backends it reaped) and its live backends, from /proc. */
function pgCpuSeconds() {
  if (!cluster) return undefined;
  try {
    const master = readFileSync(join(cluster.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0].trim();
    let ticks = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const st = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        if (pid === master) ticks += Number(st[11]) + Number(st[12]) + Number(st[13]) + Number(st[14]);
        else if (st[1] === master) ticks += Number(st[11]) + Number(st[12]);
      } catch {
        // the process ended meanwhile
      }
    }
    return ticks / 100;
  } catch {
    return undefined;
  }
}

function child(name, opts, profileDir) {
  const pg0 = cluster ? pgCpuSeconds() : undefined;
  const prof = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const r = spawnSync(process.execPath, ['--max-old-space-size=6144', ...prof, fileURLToPath(import.meta.url), '--phase', name, JSON.stringify(opts)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`phase ${name} failed with status ${r.status}`);
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1));
  const pg1 = cluster ? pgCpuSeconds() : undefined;
  // Server CPU of the whole cluster while the phase ran (other clusters on the machine are not counted).
  if (pg0 !== undefined && pg1 !== undefined && String(opts.db ?? '').startsWith('postgres')) out.postgresCpuSeconds = Number((pg1 - pg0).toFixed(2));
  log(`  ${name}: ${JSON.stringify(out)}`);
  return out;
}

/** Starts four writers, lets them open their stores, then starts them at once. */
async function appendRace(db) {
  const { openStore } = await dist('storage/open-store.js');
  await (await openStore(db)).close();
  const per = Math.ceil(appends / 4);
  const kids = [0, 1, 2, 3].map((i) => spawn(process.execPath, [fileURLToPath(import.meta.url), '--phase', 'writer', JSON.stringify({ db, n: per, prefix: `w${i}` })], { stdio: ['pipe', 'pipe', 'inherit'] }));
  const lines = kids.map((k) => new Promise((resolve, reject) => {
    let out = '';
    k.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      if (out.includes('ready\n') && !k.readySeen) {
        k.readySeen = true;
        k.emit('ready');
      }
    });
    k.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1))) : reject(new Error(`writer exited ${code}`))));
  }));
  await Promise.all(kids.map((k) => new Promise((r) => k.once('ready', r))));
  const pg0 = pgCpuSeconds();
  const started = performance.now();
  for (const k of kids) k.stdin.end('go\n');
  const outs = await Promise.all(lines);
  const seconds = (performance.now() - started) / 1000;
  const pg1 = pgCpuSeconds();
  const total = outs.reduce((a, o) => a + o.entries, 0);
  const verify = child('verify', { db });
  const clientCpuSeconds = Number(outs.reduce((a, o) => a + o.cpuSeconds, 0).toFixed(2));
  const serverCpuSeconds = pg0 !== undefined && pg1 !== undefined && db.startsWith('postgres') ? Number((pg1 - pg0).toFixed(2)) : undefined;
  return { seconds, entries: total, rate: Math.round(total / seconds), clientCpuSeconds, serverCpuSeconds, perProcess: outs, verified: verify.ok && verify.entries === total, verify };
}

async function writeConsent(file, n, m) {
  const out = createWriteStream(file);
  const t0 = Date.UTC(2025, 0, 1);
  const purposes = ['train-ai', 'train-genai', 'train-personalization', 'share-affiliates-ads'];
  const methods = ['setting', 'setting', 'setting', 'api', 'intent', 'import'];
  let buf = '';
  for (let i = 0; i < n; i++) {
    // Every member gets one event first, then repeats: as-of state covers all `m` members.
    const subject = `m${(i % m).toString().padStart(7, '0')}`;
    const e = { subject, at: new Date(t0 + i * 17_000).toISOString(), purpose: purposes[i % 4], choice: i % 3 === 0 ? 'allow' : 'deny', method: methods[i % 6] };
    if (i % 4 === 0) e.evidence = { userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0', ip: '192.0.2.0', language: 'nl-NL' };
    if (i % 5 === 0) e.noticeVersion = 'eu-2025-11';
    buf += `${JSON.stringify(e)}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise((r) => out.once('drain', r));
      buf = '';
    }
  }
  out.end(buf);
  await new Promise((r) => out.on('finish', r));
}

function cpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function runPhase(name, a) {
  const { openStore } = await dist('storage/open-store.js');
  if (name === 'import') {
    const { importFiles } = await dist('import/import-files.js');
    const store = await openStore(a.db);
    const cpu = cpuSeconds();
    const t = performance.now();
    const counts = await importFiles(store, { consent: a.file });
    const seconds = (performance.now() - t) / 1000;
    const nodeCpuSeconds = Number((cpuSeconds() - cpu).toFixed(2));
    await store.close();
    return { seconds, events: counts.consent, rate: Math.round(counts.consent / seconds), nodeCpuSeconds };
  }
  if (name === 'asof') {
    const asOf = Date.UTC(2025, 10, 10);
    const store = await openStore(a.db);
    const t = performance.now();
    let subjects = 0;
    let denies = 0;
    if (a.mode === 'sql') {
      const { consentStates } = await dist('storage/postgres/postgres-consent.js');
      for await (const rows of consentStates(store, { purpose: 'train-genai', asOf, honorGpc: false })) {
        subjects += rows.length;
        for (const r of rows) if (r.choice === 'deny') denies++;
      }
    } else {
      const { decidingEvent } = await dist('decision/consent-state.js');
      for await (const s of store.allSubjectLedgers()) {
        const e = decidingEvent(s.events, { purpose: 'train-genai', asOf, honorGpc: false });
        if (e) {
          subjects++;
          if (e.choice === 'deny') denies++;
        }
      }
    }
    const seconds = (performance.now() - t) / 1000;
    await store.close();
    return { mode: a.mode, seconds, subjects, denies };
  }
  if (name === 'writer') {
    const store = await openStore(a.db);
    process.stdout.write('ready\n');
    await new Promise((r) => process.stdin.once('data', r));
    let next = 0;
    let entries = 0;
    const t = performance.now();
    const cpu = cpuSeconds();
    const worker = async () => {
      for (let i = next++; i < a.n; i = next++) {
        const u = { kind: 'consent', event: { subject: `${a.prefix}-${i % 5000}`, at: Date.UTC(2025, 10, 3) + i, purpose: 'train-genai', choice: i % 2 ? 'deny' : 'allow', method: 'setting' } };
        if (i % 4 === 0) u.personalData = { category: 'evidence', data: { evidence: { userAgent: 'bench', ip: '192.0.2.0' } } };
        const out = await store.append([u]);
        entries += out.length;
      }
    };
    await Promise.all(Array.from({ length: 64 }, worker));
    const seconds = (performance.now() - t) / 1000;
    const cpuUsed = cpuSeconds() - cpu;
    await store.close();
    return { entries, seconds, cpuSeconds: Number(cpuUsed.toFixed(2)) };
  }
  if (name === 'verify') {
    const { verifyLedger } = await dist('ledger/verify-ledger.js');
    const store = await openStore(a.db);
    const t = performance.now();
    const r = await verifyLedger(store);
    await store.close();
    return { ok: r.ok, entries: r.ok ? r.entries : undefined, firstBadSeq: r.ok ? undefined : r.firstBadSeq, seconds: (performance.now() - t) / 1000 };
  }
  if (name === 'generate') {
    const { generatePlatform } = await dist('generate/generate-platform.js');
    const t = performance.now();
    await generatePlatform({ out: a.out, members: a.members, items: a.items, seed: 'bench' });
    return { seconds: (performance.now() - t) / 1000 };
  }
  if (name === 'importPlatform') {
    const { importFiles } = await dist('import/import-files.js');
    const files = {};
    for (const k of ['members', 'groups', 'content', 'consent', 'notices', 'objections']) {
      const f = join(a.dir, `${k}.jsonl`);
      if (existsSync(f)) files[k] = f;
    }
    const store = await openStore(a.db);
    const cpu = cpuSeconds();
    const t = performance.now();
    const counts = await importFiles(store, files);
    const seconds = (performance.now() - t) / 1000;
    const nodeCpuSeconds = Number((cpuSeconds() - cpu).toFixed(2));
    await store.close();
    return { seconds, counts, nodeCpuSeconds };
  }
  if (name === 'syncCache') {
    const { syncCache } = await dist('dataset/source/content-cache.js');
    const { contentCacheOf } = await dist('dataset/source/store-source.js');
    const store = await openStore(a.db);
    const { origin, dir } = contentCacheOf(store, a.cache);
    const t = performance.now();
    const sync = await syncCache(origin, dir);
    const seconds = (performance.now() - t) / 1000;
    await store.close();
    return { seconds, rows: sync.rows, added: sync.added };
  }
  if (name === 'build') {
    const { buildDataset } = await dist('dataset/build-dataset.js');
    const { loadPolicy } = await dist('policy/load-policy.js');
    const store = await openStore(a.db);
    rmSync(a.out, { recursive: true, force: true });
    const t = performance.now();
    const r = await buildDataset({ store, policy: loadPolicy(), asOf: Date.UTC(2025, 10, 10), out: a.out, format: 'jsonl', force: true, ...(a.cache ? { contentCache: a.cache } : {}) });
    const seconds = (performance.now() - t) / 1000;
    await store.close();
    const manifest = JSON.parse(readFileSync(join(a.out, 'manifest.json'), 'utf8'));
    rmSync(a.out, { recursive: true, force: true });
    return { seconds, considered: manifest.counts.considered, included: manifest.counts.included, timings: r.timings };
  }
  throw new Error(`unknown phase ${name}`);
}

function markdown(r) {
  const rows = Object.entries(r.summary).map(([k, v]) => `| ${k} | ${typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 2 }) : v} |`).join('\n');
  return `# PostgreSQL benchmarks (issue 5)

${r.date.slice(0, 10)} on ${r.machine.cpus} cores (${r.machine.cpu}), ${r.machine.memoryGiB} GiB, Node ${r.machine.node}, PostgreSQL ${r.machine.postgres}
(a throwaway local cluster: fsync on, synchronous_commit on, shared_buffers 512MB), load average at start ${r.machine.loadavgAtStart.join(' / ')}.
Parameters: ${JSON.stringify(r.params)}. Rerun with \`npm run build && node bench/postgres.js\`.

| measure | value |
|---|---|
${rows}

Goals (issue 5): import ≥ 50,000 consent events/s; as-of state of 1M members < 5 s; four appending
processes ≥ 5,000 events/s with the chain intact; a build from PostgreSQL within 2× of SQLite.

Phases:

\`\`\`json
${JSON.stringify(r.phases, null, 2)}
\`\`\`
`;
}
