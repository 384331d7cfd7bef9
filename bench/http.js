#!/usr/bin/env node
// HTTP throughput on loopback with autocannon: `npm run build && node bench/http.js [--members 20000] [--duration 15]`.
//   consent   GET /api/v1/members/{id}/consent, one member's token       goal >= 5,000 req/s, p99 < 20 ms
//   decisions POST /api/v1/decisions, batches of 1,000 item ids         goal >= 200,000 item decisions/s
//   objections POST /api/v1/objections, durable before the answer      goal >= 500/s
// The server runs in a child process (so autocannon does not share its event loop), over a SQLite
// store with a generated platform, rate limits off. Writes bench/results/http.md and http.json.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const OPERATOR = 'bench-operator-token-0123456789abcdef';
const SECRET = 'bench-jwt-secret-0123456789abcdef0123456789';

if (process.argv.includes('--server')) {
  await serve(arg('db'), Number(arg('port', '0')));
} else {
  await main();
}

/** The server role: the app over the store, rate limits off, no logging. */
async function serve(db, port) {
  const { createApp } = await import('../dist/http/app.js');
  const { SqliteStore } = await import('../dist/storage/sqlite/sqlite-store.js');
  const { loadPolicy } = await import('../dist/policy/load-policy.js');
  const store = SqliteStore.open(db);
  const app = await createApp({
    store, policy: loadPolicy(), rateLimit: false, logger: false,
    auth: { secret: new TextEncoder().encode(SECRET), operatorToken: OPERATOR, ephemeral: false },
  });
  const url = await app.listen({ host: '127.0.0.1', port });
  const token = await app.ctx.auth.issueMemberToken(process.env.BENCH_MEMBER ?? 'm-00000001', 3600);
  process.send?.({ url, token });
  process.on('SIGTERM', async () => { await app.close(); await store.close(); process.exit(0); });
}

async function main() {
  const members = Number(arg('members', '20000'));
  const duration = Number(arg('duration', '15'));
  // Connections per run: reads at 16, batches at 4 (each is a fifth of a megabyte), writes at 32
  // (concurrent appends share one fsync through the store's group commit).
  const conn = { consent: Number(arg('consent-connections', '16')), decisions: Number(arg('decisions-connections', '4')), objections: Number(arg('objections-connections', '32')) };
  const out = arg('out', fileURLToPath(new URL('./results/http', import.meta.url)));
  const { generatePlatform } = await import('../dist/generate/generate-platform.js');
  const { importFiles } = await import('../dist/import/import-files.js');
  const { SqliteStore } = await import('../dist/storage/sqlite/sqlite-store.js');
  const autocannon = (await import('autocannon')).default;

  const dir = mkdtempSync(join(os.tmpdir(), 'cg-bench-http-'));
  const db = join(dir, 'store.db');
  try {
    console.error(`generating ${members} members ...`);
    const platform = join(dir, 'platform');
    const summary = await generatePlatform({ out: platform, members, seed: 'bench-http' });
    const store = SqliteStore.open(db);
    await importFiles(store, Object.fromEntries(['members', 'groups', 'content', 'consent', 'notices', 'objections'].map((k) => [k, join(platform, `${k}.jsonl`)])));
    const itemIds = [];
    for await (const batch of store.contentRows()) for (const r of batch) if (itemIds.at(-1) !== r.id) itemIds.push(r.id);
    await store.close();
    console.error(`${summary.items} items imported`);

    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--server', '--db', db], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const { url, token } = await new Promise((resolve, reject) => { child.once('message', resolve); child.once('exit', (c) => reject(new Error(`server exited ${c}`))); });

    const loadBefore = os.loadavg();
    const run = (title, opts) => new Promise((resolve, reject) => {
      console.error(`\n${title}: ${conn[title]} connections, ${duration} s`);
      const inst = autocannon({ url, connections: conn[title], duration, ...opts }, (err, res) => (err ? reject(err) : resolve(res)));
      autocannon.track(inst, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
    });
    const rng = mulberry32(42);
    const pick = () => itemIds[Math.floor(rng() * itemIds.length)];

    const consent = await run('consent', { url: `${url}/api/v1/members/m-00000001/consent`, headers: { authorization: `Bearer ${token}` } });
    const bodies = Array.from({ length: 50 }, () => JSON.stringify({ itemIds: Array.from({ length: 1000 }, pick), asOf: '2025-11-10T00:00:00Z' }));
    const decisionRequests = bodies.map((body) => ({ method: 'POST', path: '/api/v1/decisions', headers: { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' }, body }));
    // First pass over the 50 batches with cold caches (every item, member and ledger read from SQLite), timed apart.
    const coldStarted = performance.now();
    await new Promise((resolve, reject) => autocannon({ url, connections: 1, amount: bodies.length, requests: decisionRequests }, (err, res) => (err ? reject(err) : resolve(res))));
    const coldSeconds = (performance.now() - coldStarted) / 1000;
    const decisions = await run('decisions', { requests: decisionRequests });
    let n = 0;
    const objections = await run('objections', {
      requests: [{
        method: 'POST', path: '/api/v1/objections', headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ name: `Bench Person${n}`, emails: [`bench${n++}@example.org`] }) }),
      }],
    });
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));

    const fig = (r) => ({ requestsPerSecond: Math.round(r.requests.average), p50ms: r.latency.p50, p99ms: r.latency.p99, errors: r.errors, non2xx: r.non2xx, total: r.requests.total });
    const result = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}` },
      setup: { members, items: summary.items, duration, connections: conn, loadAverageBefore: loadBefore.map((x) => Math.round(x * 100) / 100), loadAverageAfter: os.loadavg().map((x) => Math.round(x * 100) / 100), store: 'SQLite (WAL, synchronous=FULL)', note: 'server in a child process; autocannon in this one; loopback; rate limits off' },
      consent: { ...fig(consent), goal: '>= 5,000 req/s, p99 < 20 ms' },
      decisions: { ...fig(decisions), itemDecisionsPerSecond: Math.round(decisions.requests.average * 1000), batch: 1000, coldFirstPass: { batches: bodies.length, seconds: Math.round(coldSeconds * 100) / 100, itemDecisionsPerSecond: Math.round((bodies.length * 1000) / coldSeconds) }, goal: '>= 200,000 item decisions/s' },
      objections: { ...fig(objections), goal: '>= 500/s, each durable (fsync) before its answer' },
    };
    mkdirSync(join(out, '..'), { recursive: true });
    writeFileSync(`${out}.json`, `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(`${out}.md`, markdown(result));
    console.log(JSON.stringify(result, null, 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function markdown(r) {
  const ok = (b) => (b ? 'met' : '**not met**');
  return `# HTTP benchmark

${r.date.slice(0, 10)} · ${r.machine.cpus} × ${r.machine.cpu} · ${r.machine.memoryGiB} GiB · Node ${r.machine.node} · ${r.machine.platform}

Store: ${r.setup.store}, ${r.setup.members.toLocaleString('en-GB')} generated members, ${r.setup.items.toLocaleString('en-GB')} items. ${r.setup.note}.
Each run: ${r.setup.duration} s; connections: consent ${r.setup.connections.consent}, decisions ${r.setup.connections.decisions}, objections ${r.setup.connections.objections}. Rerun with \`npm run build && node bench/http.js\`.
Load average (1, 5, 15 min) before: ${r.setup.loadAverageBefore.join(', ')}; after: ${r.setup.loadAverageAfter.join(', ')} on ${r.machine.cpus} cores: ${r.setup.loadAverageBefore[0] > r.machine.cpus ? '**the machine was shared while this ran; figures are a floor**' : 'a quiet machine'}.

| route | requests/s | p50 | p99 | goal | |
|---|---:|---:|---:|---|---|
| \`GET members/{id}/consent\` (one member, JWT) | ${r.consent.requestsPerSecond.toLocaleString('en-GB')} | ${r.consent.p50ms} ms | ${r.consent.p99ms} ms | ${r.consent.goal} | ${ok(r.consent.requestsPerSecond >= 5000 && r.consent.p99ms < 20)} |
| \`POST decisions\` (1,000 ids a batch) | ${r.decisions.requestsPerSecond.toLocaleString('en-GB')} = **${r.decisions.itemDecisionsPerSecond.toLocaleString('en-GB')} item decisions/s** | ${r.decisions.p50ms} ms | ${r.decisions.p99ms} ms | ${r.decisions.goal} | ${ok(r.decisions.itemDecisionsPerSecond >= 200000)} |
| \`POST objections\` (durable) | ${r.objections.requestsPerSecond.toLocaleString('en-GB')} | ${r.objections.p50ms} ms | ${r.objections.p99ms} ms | ${r.objections.goal} | ${ok(r.objections.requestsPerSecond >= 500)} |

Decisions use 50 different batches of 1,000 random item ids, in rotation; the table shows the warm
rate (items, members and ledgers cached by the server). The first pass over them, with cold caches
and one connection, took ${r.decisions.coldFirstPass.seconds} s: ${r.decisions.coldFirstPass.itemDecisionsPerSecond.toLocaleString('en-GB')} item decisions/s.

Errors / non-2xx: consent ${r.consent.errors}/${r.consent.non2xx}, decisions ${r.decisions.errors}/${r.decisions.non2xx}, objections ${r.objections.errors}/${r.objections.non2xx}.
`;
}

function mulberry32(a) {
  return () => {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
