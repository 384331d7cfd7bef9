/**
 * Fail closed (spec §2, §6): a build refuses, with a clear error and nothing written, when the
 * ledger cannot be read, fails verification, or ends below `--ledger-min-seq`; an empty ledger that
 * verifies is a valid ledger. On both backends, through `buildDataset` and through the CLI.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDataset } from '../src/dataset/build-dataset.js';
import type { Store } from '../src/storage/store.js';
import { defaultPolicy, t } from '../src/test-support/world.js';
import { BACKENDS, freshStore, tamper, type FreshStore } from './support/backends.js';
import { runCli } from './support/children.js';

const AS_OF = '2025-11-10';

async function seed(store: Store, withLedger: boolean): Promise<void> {
  await store.importSession(async (s) => {
    await s.writeMembers([{ id: 'm1', name: 'A', country: 'US', joinedAt: 0 }, { id: 'm2', name: 'B', country: 'US', joinedAt: 0 }]);
    await s.writeContent([
      { id: 'i1', memberId: 'm1', kind: 'post', visibility: 'public', createdAt: t('2025-01-01'), text: 'one' },
      { id: 'i2', memberId: 'm2', kind: 'post', visibility: 'public', createdAt: t('2025-01-01'), text: 'two' },
    ]);
  });
  if (withLedger) {
    await store.append([
      { kind: 'consent', event: { subject: 'm1', at: t('2025-10-01'), purpose: 'train-genai', choice: 'deny', method: 'setting' } },
      { kind: 'consent', event: { subject: 'm2', at: t('2025-10-02'), purpose: 'train-genai', choice: 'allow', method: 'setting' } },
      { kind: 'consent', event: { subject: 'm2', at: t('2025-10-03'), purpose: 'train-ai', choice: 'allow', method: 'setting' } },
    ]);
  }
}

describe.each(BACKENDS)('builds fail closed on %s', (backend) => {
  let fresh: FreshStore;
  afterEach(async () => {
    await fresh?.cleanup();
  });

  async function seeded(withLedger = true): Promise<void> {
    fresh = await freshStore(backend, 'fc');
    const store = await fresh.open();
    try {
      await seed(store, withLedger);
    } finally {
      await store.close();
    }
  }

  async function build(out: string, extra: { ledgerMinSeq?: number } = {}) {
    const store = await fresh.open();
    try {
      return await buildDataset({ store, policy: defaultPolicy(), asOf: t(AS_OF), out, format: 'jsonl', ...extra });
    } finally {
      await store.close();
    }
  }

  const nothingAt = (out: string) => !existsSync(out) || readdirSync(out).length === 0;

  it('builds from an intact ledger; the manifest names its head', async () => {
    await seeded();
    const out = join(fresh.dir, 'ok');
    const r = await build(out, { ledgerMinSeq: 3 });
    expect(r.manifest).toMatchObject({ ledger: { seq: 3 }, counts: { considered: 2, included: 1 } });
    expect(readFileSync(join(out, 'data.jsonl'), 'utf8')).toMatch(/"id":"i2"/);
  });

  it('an empty ledger that verifies is valid: defaults decide', async () => {
    await seeded(false);
    const out = join(fresh.dir, 'empty');
    const r = await build(out, { ledgerMinSeq: 0 });
    expect(r.manifest).toMatchObject({ ledger: { seq: 0, hash: '0'.repeat(64) }, counts: { considered: 2, included: 2 } });
  });

  it('refuses a ledger that fails verification, naming the first bad seq', async () => {
    await seeded();
    await tamper(fresh, `UPDATE ledger SET choice = 'allow' WHERE seq = 1`);
    const out = join(fresh.dir, 'tampered');
    await expect(build(out)).rejects.toThrow(/does not verify \(first bad seq: 1/);
    expect(nothingAt(out)).toBe(true);
    const cli = await runCli(['build', '--db', fresh.db, '--as-of', AS_OF, '--out', join(fresh.dir, 'tampered-cli')]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/^consentgate: .*first bad seq: 1/);
    expect(nothingAt(join(fresh.dir, 'tampered-cli'))).toBe(true);
  });

  it('refuses a ledger whose head is below --ledger-min-seq (newest entries dropped)', async () => {
    await seeded();
    await tamper(fresh, 'DELETE FROM ledger WHERE seq = 3');
    const out = join(fresh.dir, 'behind');
    await expect(build(out, { ledgerMinSeq: 3 })).rejects.toThrow(/head is seq 2, below the required 3/);
    expect(nothingAt(out)).toBe(true);
    const cli = await runCli(['build', '--db', fresh.db, '--as-of', AS_OF, '--out', join(fresh.dir, 'behind-cli'), '--ledger-min-seq', '3']);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/below the required 3/);
    expect(nothingAt(join(fresh.dir, 'behind-cli'))).toBe(true);
  });

  it('refuses when the ledger cannot be read', async () => {
    await seeded();
    await tamper(fresh, 'ALTER TABLE ledger RENAME TO ledger_moved');
    const out = join(fresh.dir, 'unreadable');
    await expect(build(out)).rejects.toThrow(/the ledger cannot be read/);
    expect(nothingAt(out)).toBe(true);
    const cli = await runCli(['build', '--db', fresh.db, '--as-of', AS_OF, '--out', join(fresh.dir, 'unreadable-cli')]);
    expect(cli.code).toBe(1);
    expect(cli.stderr.trim().split('\n')).toHaveLength(1);
    expect(cli.stderr).toMatch(/^consentgate: .*the ledger cannot be read/);
    expect(nothingAt(join(fresh.dir, 'unreadable-cli'))).toBe(true);
  });
});
