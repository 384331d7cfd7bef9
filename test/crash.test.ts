/**
 * No acknowledged choice is ever lost. The real server (`consentgate serve`) takes 2,000 concurrent
 * consent changes and objections over HTTP and is killed with SIGKILL in the middle; after a
 * restart every acknowledged write is there with the seq and hash of its receipt, the chain
 * verifies, and an unacknowledged write is either wholly there (entry and its personal data) or not
 * at all. On both backends; on PostgreSQL also with the database server itself crashing
 * (immediate shutdown, then WAL recovery).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsentEntry, LedgerEntry } from '../src/ledger/entry.js';
import { verifyLedger } from '../src/ledger/verify-ledger.js';
import { openStore } from '../src/storage/open-store.js';
import type { Store } from '../src/storage/store.js';
import { adminQuery, databaseUrl, startCluster, type PgCluster } from '../src/test-support/postgres-cluster.js';
import { BACKENDS, collect, freshStore, type FreshStore } from './support/backends.js';
import { call, seedMembers, startServe } from './support/server.js';

const TOTAL = 2000;
const INFLIGHT = 64;
const SEEDED = 200;

interface Req {
  i: number;
  kind: 'consent' | 'objection';
  subject: string;
}

const requests: Req[] = Array.from({ length: TOTAL }, (_, i) => {
  const kind = i % 5 === 4 ? 'objection' : 'consent';
  return { i, kind, subject: kind === 'objection' ? `obj-${i}` : `m-${i}` };
});

async function send(base: string, r: Req): Promise<{ seq: number; hash: string }> {
  const res = r.kind === 'consent'
    ? await call(base, { method: 'PUT', path: `/api/v1/members/${r.subject}/consent/train-genai`, body: { choice: 'deny' } })
    : await call(base, { method: 'POST', path: '/api/v1/objections', body: { id: r.subject, name: `Person Number${r.i}`, emails: [`p${r.i}@example.org`] } });
  if (res.status !== 200) throw new Error(`status ${res.status}: ${JSON.stringify(res.json)}`);
  return res.json as { seq: number; hash: string };
}

/** Sends requests with `INFLIGHT` in flight; calls `crash` once `after` are acknowledged. */
async function drive(base: string, list: readonly Req[], after: number, crash: () => void): Promise<{ acked: Map<number, { seq: number; hash: string }>; failed: number }> {
  const acked = new Map<number, { seq: number; hash: string }>();
  let failed = 0;
  let next = 0;
  let crashed = false;
  const worker = async () => {
    for (let k = next++; k < list.length; k = next++) {
      const r = list[k]!;
      try {
        acked.set(r.i, await send(base, r));
        if (!crashed && acked.size >= after) {
          crashed = true;
          crash();
        }
      } catch (e) {
        failed++;
        if (!crashed) throw e;
        // Once the server is gone every request fails; stop sending.
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: INFLIGHT }, worker));
  return { acked, failed };
}

/** Acknowledged writes present and exact, nothing half-there, each request at most once, chain valid. */
async function checkStore(store: Store, acked: Map<number, { seq: number; hash: string }>): Promise<LedgerEntry[]> {
  expect(await verifyLedger(store)).toMatchObject({ ok: true });
  const entries = (await collect(store.entries())).filter((e) => e.seq > SEEDED);
  const bySeq = new Map(entries.map((e) => [e.seq, e]));
  for (const [i, receipt] of acked) {
    const e = bySeq.get(receipt.seq);
    expect(e, `acknowledged request ${i} (seq ${receipt.seq}) is missing`).toBeDefined();
    expect(e!.hash).toBe(receipt.hash);
    expect(e!.subject).toBe(requests[i]!.subject);
  }
  const pd = new Map((await collect(store.personalData())).map((p) => [p.seq, p]));
  for (const e of entries) {
    const r = requests[Number(e.subject.split('-')[1])]!;
    expect(e.subject).toBe(r.subject);
    // Whole or nothing: every write here carries personal data (evidence, or identifiers).
    expect((e as ConsentEntry).personalData).toMatch(/^[0-9a-f]{64}$/);
    expect(pd.get(e.seq)?.category).toBe(r.kind === 'objection' ? 'identifiers' : 'evidence');
  }
  expect(new Set(entries.map((e) => e.subject)).size).toBe(entries.length);
  return entries;
}

async function seed(db: string): Promise<void> {
  const store = await openStore(db);
  try {
    await seedMembers(store, TOTAL);
    expect((await store.head()).seq).toBe(SEEDED);
  } finally {
    await store.close();
  }
}

describe.each(BACKENDS)('crash of the server on %s', (backend) => {
  let fresh: FreshStore;
  afterEach(async () => {
    await fresh?.cleanup();
  });

  it('SIGKILL mid-stream loses no acknowledged write; a restart takes the rest', async () => {
    fresh = await freshStore(backend, 'crash');
    await seed(fresh.db);
    const first = await startServe(fresh.db);
    const { acked, failed } = await drive(first.url, requests, 600, () => first.child.kill('SIGKILL'));
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(acked.size).toBeGreaterThanOrEqual(600);
    expect(failed).toBeGreaterThan(0);

    let store = await fresh.open();
    let entries: LedgerEntry[];
    try {
      entries = await checkStore(store, acked);
    } finally {
      await store.close();
    }

    // After the restart: what was not written is sent again, and all of it is acknowledged.
    const present = new Set(entries.map((e) => e.subject));
    const second = await startServe(fresh.db);
    try {
      const again = await drive(second.url, requests.filter((r) => !present.has(r.subject)), Number.POSITIVE_INFINITY, () => undefined);
      expect(again.failed).toBe(0);
      for (const [i, r] of again.acked) acked.set(i, r);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
    store = await fresh.open();
    try {
      const all = await checkStore(store, acked);
      expect(all).toHaveLength(TOTAL);
      expect(all.map((e) => e.seq)).toEqual(Array.from({ length: TOTAL }, (_, k) => SEEDED + k + 1));
    } finally {
      await store.close();
    }
  });
});

describe('crash of the PostgreSQL server itself', () => {
  let cluster: PgCluster | undefined;
  afterEach(async () => {
    await cluster?.stop();
  });

  it('an immediate shutdown mid-stream loses no acknowledged write (WAL recovery)', async () => {
    cluster = await startCluster();
    await adminQuery(cluster.adminUrl, 'CREATE DATABASE crash');
    const db = databaseUrl(cluster.adminUrl, 'crash');
    await seed(db);
    const server = await startServe(db);
    let crash: Promise<void> = Promise.resolve();
    try {
      const { acked, failed } = await drive(server.url, requests, 600, () => {
        crash = cluster!.crash();
      });
      await crash;
      expect(acked.size).toBeGreaterThanOrEqual(600);
      expect(failed).toBeGreaterThan(0);
      await cluster.start();
      const store = await openStore(db);
      try {
        await checkStore(store, acked);
      } finally {
        await store.close();
      }
      // The server process lived through the database's crash (a dropped connection is thrown
      // away, not fatal): once the database is back, writes go on.
      expect(server.child.exitCode).toBeNull();
      let after: { seq: number } | undefined;
      for (let attempt = 0; attempt < 5 && after === undefined; attempt++) {
        after = await send(server.url, requests.at(-1)!).catch(async () => {
          await new Promise((r) => setTimeout(r, 200));
          return undefined;
        });
      }
      expect(after?.seq).toBeGreaterThan(SEEDED);
    } finally {
      server.child.kill('SIGKILL');
      await server.exited;
    }
  });
});
