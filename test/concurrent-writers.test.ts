/**
 * Four processes append to one ledger at once (each with 16 requests in flight, so group commit
 * and the cross-process lock both work): every acknowledged seq is distinct, together they are
 * 1..N without a gap, and the chain verifies. On both backends.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyLedger } from '../src/ledger/verify-ledger.js';
import { BACKENDS, collect, freshStore, type FreshStore } from './support/backends.js';
import { buildDir, ROOT, runNode } from './support/children.js';

const WRITER = join(ROOT, 'test', 'fixtures', 'ledger-writer.js');
const PER_PROCESS = 300;

describe.each(BACKENDS)('four writer processes on %s', (backend) => {
  let fresh: FreshStore;
  afterEach(async () => {
    await fresh?.cleanup();
  });

  it('keep seq gapless and the chain intact', async () => {
    fresh = await freshStore(backend, 'conc');
    // Create the store (and its secret) first, as a deployment's `migrate` would.
    await (await fresh.open()).close();
    const runs = await Promise.all(['p0', 'p1', 'p2', 'p3'].map((p) => runNode([WRITER, 'append', fresh.db, p, String(PER_PROCESS), '16'], { env: { CG_BUILD: buildDir() } })));
    for (const r of runs) expect(r.stderr, r.stderr).toBe('');
    const results = runs.map((r) => JSON.parse(r.stdout) as { entries: number; seqs: number[] });
    const seqs = results.flatMap((r) => r.seqs).sort((a, b) => a - b);
    const total = seqs.length;
    expect(total).toBe(4 * (PER_PROCESS + PER_PROCESS / 5));
    expect(seqs).toEqual(Array.from({ length: total }, (_, i) => i + 1));

    const store = await fresh.open();
    try {
      expect(await verifyLedger(store)).toMatchObject({ ok: true, entries: total });
      const entries = await collect(store.entries());
      // Every process's entries are all there, each once.
      for (const p of ['p0', 'p1', 'p2', 'p3']) {
        expect(new Set(entries.filter((e) => e.subject.startsWith(`${p}-`)).map((e) => e.subject)).size).toBe(PER_PROCESS);
      }
      const pd = await collect(store.personalData());
      expect(pd.length).toBe(4 * entries.filter((e) => e.subject.startsWith('p0-') && e.kind === 'consent' && e.personalData !== undefined).length);
    } finally {
      await store.close();
    }
  });
});
