/**
 * No acknowledged choice is ever lost. A server process takes 2,000 concurrent consent changes and
 * objections and is killed with SIGKILL in the middle; after a restart every acknowledged write is
 * there with the seq and hash it was acknowledged with, the chain verifies, and an unacknowledged
 * write is either wholly there (entry and its personal data) or not at all. On both backends; on
 * PostgreSQL also with the database server itself crashing (immediate shutdown, WAL recovery).
 *
 * The server is test/fixtures/ledger-writer.js: an HTTP process appending through the `Store` as
 * the API does (group commit, durable before the answer).
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsentEntry, LedgerEntry } from '../src/ledger/entry.js';
import { verifyLedger } from '../src/ledger/verify-ledger.js';
import { openStore } from '../src/storage/open-store.js';
import type { Store } from '../src/storage/store.js';
import { databaseUrl, startCluster, adminQuery, type PgCluster } from '../src/test-support/postgres-cluster.js';
import { BACKENDS, collect, freshStore, type FreshStore } from './support/backends.js';
import { buildDir, ROOT, startChild } from './support/children.js';

const WRITER = join(ROOT, 'test', 'fixtures', 'ledger-writer.js');
const TOTAL = 2000;
const INFLIGHT = 64;

interface Req {
  i: number;
  kind: 'consent' | 'objection';
  subject: string;
  evidence: boolean;
}

const requests: Req[] = Array.from({ length: TOTAL }, (_, i) => {
  const kind = i % 5 === 4 ? 'objection' : 'consent';
  return { i, kind, subject: kind === 'objection' ? `obj-${i}` : `m-${i}`, evidence: kind === 'consent' && i % 2 === 0 };
});

async function startServer(db: string) {
  const s = await startChild([WRITER, 'serve', db], /listening (\d+)/, { env: { CG_BUILD: buildDir() } });
  return { ...s, port: Number(s.match[1]) };
}

async function send(port: number, r: Req): Promise<{ seq: number; hash: string }> {
  const body = r.kind === 'consent'
    ? { subject: r.subject, i: r.i, choice: 'deny', ...(r.evidence ? { evidence: { userAgent: `ua-${r.i}`, ip: '192.0.2.0' } } : {}) }
    : { id: r.subject, i: r.i, name: `Person Number${r.i}`, emails: [`p${r.i}@example.org`] };
  const res = await fetch(`http://127.0.0.1:${port}/${r.kind}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  if (res.status !== 200) throw new Error(`status ${res.status}: ${await res.text()}`);
  return (await res.json()) as { seq: number; hash: string };
}

/** Sends requests with `INFLIGHT` in flight; calls `crash` once `after` are acknowledged. */
async function drive(port: number, list: readonly Req[], after: number, crash: () => void): Promise<{ acked: Map<number, { seq: number; hash: string }>; failed: number }> {
  const acked = new Map<number, { seq: number; hash: string }>();
  let failed = 0;
  let next = 0;
  let crashed = false;
  const worker = async () => {
    for (let k = next++; k < list.length; k = next++) {
      const r = list[k]!;
      try {
        acked.set(r.i, await send(port, r));
        if (!crashed && acked.size >= after) {
          crashed = true;
          crash();
        }
      } catch {
        failed++;
        // Once the server is gone every request fails fast; stop sending.
        if (crashed) return;
      }
    }
  };
  await Promise.all(Array.from({ length: INFLIGHT }, worker));
  return { acked, failed };
}

/** The whole check: acknowledged writes present and exact, nothing half-there, chain valid. */
async function checkStore(store: Store, acked: Map<number, { seq: number; hash: string }>): Promise<LedgerEntry[]> {
  expect(await verifyLedger(store)).toMatchObject({ ok: true });
  const entries = await collect(store.entries());
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
    // Whole or nothing: an entry that carries a commitment has its personal data, and it matches.
    if (r.kind === 'objection' || r.evidence) {
      expect((e as ConsentEntry).personalData).toMatch(/^[0-9a-f]{64}$/);
      expect(pd.get(e.seq)?.category).toBe(r.kind === 'objection' ? 'identifiers' : 'evidence');
    } else {
      expect(pd.has(e.seq)).toBe(false);
    }
  }
  // Each request was written at most once.
  expect(new Set(entries.map((e) => e.subject)).size).toBe(entries.length);
  return entries;
}

describe.each(BACKENDS)('crash on %s', (backend) => {
  let fresh: FreshStore;
  afterEach(async () => {
    await fresh?.cleanup();
  });

  it('SIGKILL of the server mid-stream loses no acknowledged write; a restart takes the rest', async () => {
    fresh = await freshStore(backend, 'crash');
    await (await fresh.open()).close();
    const first = await startServer(fresh.db);
    const { acked, failed } = await drive(first.port, requests, 600, () => first.child.kill('SIGKILL'));
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
    const second = await startServer(fresh.db);
    try {
      const rest = requests.filter((r) => !present.has(r.subject));
      const again = await drive(second.port, rest, Number.POSITIVE_INFINITY, () => undefined);
      expect(again.failed).toBe(0);
      for (const [i, r] of again.acked) acked.set(i, r);
    } finally {
      second.child.kill('SIGKILL');
      await second.exited;
    }
    store = await fresh.open();
    try {
      const all = await checkStore(store, acked);
      expect(all).toHaveLength(TOTAL);
      expect(all.map((e) => e.seq)).toEqual(Array.from({ length: TOTAL }, (_, k) => k + 1));
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
    await (await openStore(db)).close();
    const server = await startServer(db);
    let crash: Promise<void> = Promise.resolve();
    try {
      const { acked, failed } = await drive(server.port, requests, 600, () => {
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
    } finally {
      server.child.kill('SIGKILL');
      await server.exited;
    }
  });
});
