/**
 * Load on the real server (`consentgate serve`) over loopback: a fixed number of mixed requests
 * (consent reads, consent changes, objections, batch decisions, the ledger head) from many
 * concurrent clients, on both backends. Zero errors, no lost write (every receipt is in the ledger
 * with its hash, and nothing else was written), and flat memory in the server. Rates belong to
 * `npm run bench`, not here.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyLedger } from '../src/ledger/verify-ledger.js';
import { openStore } from '../src/storage/open-store.js';
import { BACKENDS, collect, freshStore, type FreshStore } from './support/backends.js';
import { call, memberToken, seedMembers, startServe, type Call } from './support/server.js';

const MEMBERS = 400;
const ITEMS = 2000;
const CLIENTS = 32;
const WARMUP = 1000;
const REQUESTS = 4000;

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

/** Request k of the fixed mix (deterministic). */
async function request(k: number, tokens: string[]): Promise<{ call: Call; write: boolean }> {
  const m = (k * 7919) % MEMBERS;
  const slot = k % 20;
  if (slot < 8) return { call: { method: 'GET', path: `/api/v1/members/m-${m}/consent${k % 2 ? '?asOf=2025-11-05' : ''}`, ...(k % 3 ? { token: tokens[m]! } : {}) }, write: false };
  if (slot < 13) return { call: { method: 'PUT', path: `/api/v1/members/m-${m}/consent/${k % 4 ? 'train-genai' : 'train-ai'}`, body: { choice: k % 3 ? 'deny' : 'allow' }, ...(k % 2 ? { token: tokens[m]! } : {}) }, write: true };
  if (slot < 15) return { call: { method: 'POST', path: '/api/v1/objections', body: { id: `obj-${k}`, name: `Someone Else${k}`, emails: [`s${k}@example.org`], handles: [`someone${k}`] } }, write: true };
  if (slot < 19) return { call: { method: 'POST', path: '/api/v1/decisions', body: { itemIds: Array.from({ length: 10 }, (_, j) => `i-${(k * 31 + j * 97) % ITEMS}`), asOf: '2025-11-10T00:00:00Z' } }, write: false };
  return { call: { method: 'GET', path: '/api/v1/ledger/head' }, write: false };
}

describe.each(BACKENDS)('load on the server over %s', (backend) => {
  let fresh: FreshStore;
  afterEach(async () => {
    await fresh?.cleanup();
  });

  it('answers every mixed request, loses no write, and keeps memory flat', { timeout: 300_000 }, async () => {
    fresh = await freshStore(backend, 'load');
    const seedStore = await fresh.open();
    let seededHead: number;
    try {
      await seedMembers(seedStore, MEMBERS, ITEMS);
      seededHead = (await seedStore.head()).seq;
    } finally {
      await seedStore.close();
    }
    const tokens = await Promise.all(Array.from({ length: MEMBERS }, (_, i) => memberToken(`m-${i}`)));
    const server = await startServe(fresh.db);
    const pid = server.child.pid!;
    const receipts: { seq: number; hash: string }[] = [];
    const errors: string[] = [];
    const run = async (from: number, to: number) => {
      let next = from;
      await Promise.all(Array.from({ length: CLIENTS }, async () => {
        for (let k = next++; k < to; k = next++) {
          const { call: c, write } = await request(k, tokens);
          const res = await call(server.url, c).catch((e: Error) => ({ status: 0, json: e.message }));
          if (res.status !== 200) {
            errors.push(`${c.method} ${c.path}: ${res.status} ${JSON.stringify(res.json).slice(0, 200)}`);
            continue;
          }
          if (write) receipts.push(res.json as { seq: number; hash: string });
          if (c.path === '/api/v1/decisions') {
            const d = (res.json as { decisions: { included?: boolean; error?: string }[] }).decisions;
            if (d.length !== 10 || d.some((x) => typeof x.included !== 'boolean')) errors.push(`decisions: ${JSON.stringify(d).slice(0, 200)}`);
          }
        }
      }));
    };
    try {
      await run(0, WARMUP);
      const samples: number[] = [];
      const timer = setInterval(() => samples.push(rssMiB(pid)), 100);
      const afterWarmup = rssMiB(pid);
      try {
        await run(WARMUP, WARMUP + REQUESTS);
      } finally {
        clearInterval(timer);
      }
      const end = rssMiB(pid);
      expect(errors, errors.slice(0, 5).join('\n')).toEqual([]);
      // Flat: the server holds no more after 4,000 requests than a little over what it held after the warm-up.
      expect(end - afterWarmup, `RSS ${afterWarmup.toFixed(0)} → ${end.toFixed(0)} MiB (max ${Math.max(...samples).toFixed(0)})`).toBeLessThan(96);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }

    const store = await openStore(fresh.db);
    try {
      expect(await verifyLedger(store)).toMatchObject({ ok: true });
      const entries = await collect(store.entries());
      const bySeq = new Map(entries.map((e) => [e.seq, e.hash]));
      for (const r of receipts) expect(bySeq.get(r.seq), `receipt seq ${r.seq}`).toBe(r.hash);
      // Nothing lost and nothing extra: every write after the seed has a receipt.
      expect(entries.length - seededHead).toBe(receipts.length);
      expect(new Set(receipts.map((r) => r.seq)).size).toBe(receipts.length);
    } finally {
      await store.close();
    }
  });
});
