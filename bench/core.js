#!/usr/bin/env node
// Issue 2 benchmarks: import rates, in-process bulk decisions, single-decide latency, peak memory.
// Each phase runs in its own child process so its peak RSS is its own.
//   node bench/core.js [--items 10000000] [--members N] [--seed S] [--keep]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = Object.fromEntries(process.argv.slice(2).join(' ').split('--').filter(Boolean).map((a) => a.trim().split(/\s+/)).map(([k, v]) => [k, v ?? true]));
const phase = args.phase;

if (phase) {
  const out = await runPhase(phase, args);
  out.maxRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(0);
}

const items = Number(args.items ?? 10_000_000);
const members = Number(args.members ?? Math.max(100, Math.round(items / 10)));
const seed = String(args.seed ?? 'bench');
const dataDir = join(root, 'bench', 'data', `core-${items}-${members}-${seed}`);
const db = join(dataDir, 'store.db');

const results = { machine: machine(), date: new Date().toISOString(), items, members, phases: {} };
const log = (msg) => process.stderr.write(`${msg}\n`);

if (!existsSync(join(dataDir, 'content.jsonl'))) {
  log(`generating ${items} items, ${members} members into ${dataDir}`);
  results.phases.generate = child('generate', { out: dataDir, items, members, seed });
}
for (const f of ['store.db', 'store.db-wal', 'store.db-shm', 'store.db.content']) rmSync(join(dataDir, f), { force: true, recursive: true });
log('import: members and groups');
results.phases.importMembers = child('import', { db, files: 'members,groups' });
log('import: content');
results.phases.importContent = child('import', { db, files: 'content' });
log('import: consent');
results.phases.importConsent = child('import', { db, files: 'consent' });
log('import: notices and objections');
results.phases.importRest = child('import', { db, files: 'notices,objections' });
log('content cache: the Parquet copy beside the store that builds and bulk decisions read');
results.phases.contentCache = child('cache', { db });
log('decide: every item as of 2025-11-10');
results.phases.bulkDecide = child('decide', { db, asOf: '2025-11-10T00:00:00Z' });
log('decide: single-item latency');
results.phases.latency = child('latency', { db, asOf: '2025-11-10T00:00:00Z', n: 20000 });

const summary = {
  'import content items/s': results.phases.importContent.rate,
  'import consent events/s': results.phases.importConsent.rate,
  'bulk decisions items/s': results.phases.bulkDecide.rate,
  'decide p50 µs': results.phases.latency.p50,
  'decide p99 µs': results.phases.latency.p99,
  'peak RSS MiB (import content)': results.phases.importContent.maxRssMiB,
  'peak RSS MiB (bulk decide)': results.phases.bulkDecide.maxRssMiB,
};
results.summary = summary;
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'core.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(root, 'bench', 'results', 'core.md'), markdown(results));
console.log(markdown(results));
if (!args.keep) for (const f of ['store.db', 'store.db-wal', 'store.db-shm', 'store.db.content']) rmSync(join(dataDir, f), { force: true, recursive: true });

function child(name, opts) {
  const flags = Object.entries(opts).flatMap(([k, v]) => [`--${k}`, String(v)]);
  const r = spawnSync(process.execPath, ['--max-old-space-size=4096', fileURLToPath(import.meta.url), '--phase', name, ...flags], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`phase ${name} failed with status ${r.status}`);
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1));
  log(`  ${JSON.stringify(out)}`);
  return out;
}

async function runPhase(name, a) {
  const dist = (p) => import(join(root, 'dist', p));
  if (name === 'generate') {
    const { generatePlatform } = await dist('generate/generate-platform.js');
    const t = performance.now();
    const summary = await generatePlatform({ out: a.out, members: Number(a.members), items: Number(a.items), seed: a.seed });
    return { seconds: (performance.now() - t) / 1000, summary };
  }
  const { SqliteStore } = await dist('storage/sqlite/sqlite-store.js');
  const store = SqliteStore.open(a.db);
  try {
    if (name === 'import') {
      const { importFiles } = await dist('import/import-files.js');
      const dir = dirname(a.db);
      const files = Object.fromEntries(a.files.split(',').map((k) => [k, join(dir, `${k}.jsonl`)]));
      const t = performance.now();
      const cpu = process.cpuUsage();
      const counts = await importFiles(store, files);
      const seconds = (performance.now() - t) / 1000;
      const used = process.cpuUsage(cpu);
      const n = a.files.split(',').reduce((s, k) => s + (counts[k] ?? 0), 0);
      // CPU of every thread of the process (a parsing worker included), for comparisons on a busy machine.
      return { seconds, cpuSeconds: (used.user + used.system) / 1e6, counts, rate: Math.round(n / seconds) };
    }
    if (name === 'cache') {
      const { cacheDirOf, syncContentCache } = await dist('dataset/source/content-cache.js');
      const t = performance.now();
      const cache = await syncContentCache(store.db, cacheDirOf(a.db), store.secret);
      return { seconds: (performance.now() - t) / 1000, rows: cache.rows, added: cache.added };
    }
    const { loadPolicy } = await dist('policy/load-policy.js');
    const { parseTime } = await dist('domain/time.js');
    const policy = loadPolicy();
    const asOf = parseTime(a.asOf);
    if (name === 'decide') {
      // Every person's standing from the store (the reference `standingOf`, held compactly in a
      // StandingTable), then every item decided in JavaScript (`bulkMasks`, held to `bulkItemMask`
      // by a property test) over columns that DuckDB reads from the content cache beside the
      // store: the row in force, the author's slot, codes for kind and visibility, the group flag.
      const { StandingTable } = await dist('decision/standing-table.js');
      const { bulkMasks, countMasks, emptyCounts, groupCategories, itemRuleBits } = await dist('decision/bulk-decide.js');
      const { persons } = await dist('dataset/standings/persons.js');
      const { cacheDirOf, syncContentCache } = await dist('dataset/source/content-cache.js');
      const { Duck, sqlPath } = await dist('dataset/engine/duck.js');
      const { ColumnAppender } = await dist('dataset/engine/column-appender.js');
      const { inForceKey } = await dist('policy/compile/as-of-sql.js');
      const { CONTENT_KINDS, VISIBILITIES } = await dist('domain/entities.js');
      const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
      const duck = await Duck.open({});
      try {
        const tc = performance.now();
        const cache = await syncContentCache(store.db, cacheDirOf(a.db), store.secret);
        const cacheSeconds = (performance.now() - tc) / 1000;
        const t0 = performance.now();
        const c0 = cpu();
        const head = await store.head();
        const table = new StandingTable(policy, asOf);
        for await (const batch of persons(store, head.seq)) for (const p of batch) if (p.rows !== undefined) table.add(p.id, p.rows, p.events, p.notices);
        const groups = [];
        for await (const g of store.allGroupRows()) groups.push(g);
        const categories = groupCategories(groups, asOf);
        const t1 = performance.now();
        const c1 = cpu();
        await duck.run('CREATE TABLE bench_slot (member_id VARCHAR, slot INTEGER)');
        const slots = await ColumnAppender.create(duck, 'bench_slot', ['varchar', 'integer']);
        let n = 0;
        for (const id of table.ids()) slots.push([id, n++]);
        slots.close();
        await duck.run('CREATE TABLE bench_sensitive (id VARCHAR)');
        const sensitive = await ColumnAppender.create(duck, 'bench_sensitive', ['varchar']);
        for (const [id, category] of categories) if (policy.excludeGroupCategories.has(category)) sensitive.push([id]);
        sensitive.close();
        const list = (xs) => `[${xs.map((x) => `'${x}'`).join(', ')}]`;
        const T = String(asOf);
        // As the build's item rules do (compile-decision.ts): the rows of items with several rows that
        // are not in force, by ord, filtered out of the content with NOT IN on that number.
        const superseded = cache.versions === null ? 'SELECT NULL::BIGINT AS ord WHERE false'
          : `SELECT r.ord FROM read_parquet(${sqlPath(cache.versions)}) r JOIN (SELECT id, arg_max(ord, ${inForceKey(T)}) AS ord FROM read_parquet(${sqlPath(cache.versions)}) GROUP BY id HAVING count(*) > 1) v ON v.id = r.id WHERE r.ord <> v.ord`;
        const sql = `SELECT coalesce(s.slot, -1)::INTEGER, c.created_at::DOUBLE, coalesce(c.deleted_at::DOUBLE, 'NaN'::DOUBLE),
            -- one small code per item: kind and visibility positions (0 = other), the group flag
            (coalesce(list_position(${list(CONTENT_KINDS)}, c.kind), 0) * 64 + coalesce(list_position(${list(VISIBILITIES)}, c.visibility), 0) * 2 + (g.id IS NOT NULL)::INTEGER)::INTEGER
          FROM read_parquet([${cache.files.map(sqlPath).join(', ')}]) c
          LEFT JOIN bench_slot s ON s.member_id = c.member_id LEFT JOIN bench_sensitive g ON g.id = c.group_id
          WHERE c.ord NOT IN (${superseded})`;
        const bits = itemRuleBits(policy);
        const counts = emptyCounts();
        const masks = new Int32Array(4096);
        const kind = new Int32Array(4096);
        const visibility = new Int32Array(4096);
        const group = new Uint8Array(4096);
        let rows = 0;
        if (cache.files.length > 0) {
          for await (const chunk of duck.chunks(sql)) {
            const k = chunk.rowCount;
            const code = chunk.getColumnVector(3).items;
            for (let i = 0; i < k; i++) {
              const c = code[i];
              kind[i] = (c >> 6) - 1;
              visibility[i] = ((c >> 1) & 31) - 1;
              group[i] = c & 1;
            }
            bulkMasks({ length: k, slot: chunk.getColumnVector(0).items, createdAt: chunk.getColumnVector(1).items, deletedAt: chunk.getColumnVector(2).items, kind, visibility, sensitive: group }, table, bits, asOf, masks);
            countMasks(counts, masks, k);
            rows += k;
          }
        }
        const t2 = performance.now();
        const c2 = cpu();
        const items = counts.considered;
        return {
          cacheSeconds, standingsSeconds: (t1 - t0) / 1000, standingsCpuSeconds: c1 - c0, members: table.size,
          decideSeconds: (t2 - t1) / 1000, decideCpuSeconds: c2 - c1, rows, rate: Math.round(items / ((t2 - t1) / 1000)),
          rateIncludingStandings: Math.round(items / ((t2 - t0) / 1000)), counts,
        };
      } finally {
        duck.close();
      }
    }
    if (name === 'latency') {
      const { loadDecisionFacts } = await dist('storage/decision-facts.js');
      const { decide } = await dist('decision/decide.js');
      const n = Number(a.n);
      const { items } = await store.counts();
      const ids = store.db.prepare(`SELECT id FROM content_rows WHERE created_at <= ? AND rowid IN (SELECT abs(random()) % ${items} + 1 FROM content_rows LIMIT ${n * 2}) LIMIT ${n}`).pluck().all(asOf);
      const facts = [];
      for (const id of ids) facts.push(await loadDecisionFacts(store, id));
      for (const f of facts.slice(0, 2000)) decide(f, policy, asOf); // warm up
      const times = [];
      for (const f of facts) {
        const t = process.hrtime.bigint();
        decide(f, policy, asOf);
        times.push(Number(process.hrtime.bigint() - t) / 1000);
      }
      times.sort((x, y) => x - y);
      const q = (p) => Number(times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2));
      return { samples: times.length, p50: q(0.5), p90: q(0.9), p99: q(0.99), max: q(1) };
    }
    throw new Error(`unknown phase ${name}`);
  } finally {
    await store.close();
  }
}

function machine() {
  return { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
}

function markdown(r) {
  const rows = Object.entries(r.summary).map(([k, v]) => `| ${k} | ${typeof v === 'number' ? v.toLocaleString('en-US') : v} |`).join('\n');
  return `# Core benchmarks (issue 2)\n\n${r.date.slice(0, 10)} on ${r.machine.cpus} cores (${r.machine.cpu}), ${r.machine.memoryGiB} GiB, Node ${r.machine.node}; ${r.items.toLocaleString('en-US')} items, ${r.members.toLocaleString('en-US')} members (generated, seed fixed).\n\n| measure | value |\n|---|---|\n${rows}\n\nPhases (seconds, peak RSS per process):\n\n\`\`\`json\n${JSON.stringify(r.phases, null, 2)}\n\`\`\`\n`;
}
