/**
 * The build's ledger check in its worker thread (the compiled sources) on both backends, on a ledger
 * whose entries and personal data each span several cursor pages on PostgreSQL (10,000 rows a
 * fetch): the check reads both side by side, and with a pool of one connection it once waited
 * forever. A changed byte is still found.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, inject } from 'vitest';
import '../../test-support/postgres-db.js';
import type { UnsealedEntry } from '../../ledger/seal.js';
import { BACKENDS, freshStore, tamper } from '../testing/backends.js';
import type * as Verify from './concurrent-verify.js';

const ENTRIES = 12_500;

describe.each(BACKENDS)('verifyConcurrently on %s (worker thread)', (backend) => {
  it('checks a ledger of several pages of entries and personal data, and finds a changed byte', async () => {
    const { verifyConcurrently } = (await import(pathToFileURL(join(inject('cgBuildDir'), 'dataset', 'verify', 'concurrent-verify.js')).href)) as typeof Verify;
    const { openStore } = (await import(pathToFileURL(join(inject('cgBuildDir'), 'storage', 'open-store.js')).href)) as typeof import('../../storage/open-store.js');
    const fresh = await freshStore(backend, 'verify_worker');
    const store = await openStore(fresh.db);
    try {
      const items: UnsealedEntry[] = Array.from({ length: ENTRIES }, (_, i) => ({
        kind: 'consent',
        event: { subject: `m${i % 997}`, at: 1.75e12 + i * 1000, purpose: 'train-genai', choice: i % 3 === 0 ? 'deny' : 'allow', method: 'objection-form' },
        personalData: { category: 'evidence', data: { evidence: { form: `objection ${i}` } } },
      }));
      for (let i = 0; i < items.length; i += 2500) await store.append(items.slice(i, i + 2500));
      const good = await verifyConcurrently(store);
      expect(good).toMatchObject({ ok: true, entries: ENTRIES });

      await tamper(fresh, "UPDATE ledger SET at = at + 1 WHERE seq = 11111");
      const bad = await verifyConcurrently(store);
      expect(bad).toMatchObject({ ok: false, firstBadSeq: 11111 });
    } finally {
      await store.close();
      await fresh.cleanup();
    }
  }, 60_000);
});
