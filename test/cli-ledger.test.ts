/**
 * The ledger commands as an operator runs them, in child processes, on both backends: `verify`
 * (exit 0 and the head; after tampering exit 1 and `first bad seq: N` on stderr) and `migrate`
 * (idempotent, and safe when several processes run it at once).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { POSTGRES_MIGRATIONS } from '../src/storage/postgres/postgres-migrations.js';
import { SQLITE_MIGRATIONS } from '../src/storage/sqlite/sqlite-migrations.js';
import { t } from '../src/test-support/world.js';
import { BACKENDS, freshStore, tamper, type FreshStore } from './support/backends.js';
import { runCli } from './support/children.js';

describe.each(BACKENDS)('consentgate verify and migrate on %s', (backend) => {
  let fresh: FreshStore;
  afterEach(async () => {
    await fresh?.cleanup();
  });

  async function seeded(): Promise<{ seq: number; hash: string }> {
    fresh = await freshStore(backend, 'cli');
    const store = await fresh.open();
    try {
      const out = await store.append(Array.from({ length: 6 }, (_, i) => ({
        kind: 'consent' as const, event: { subject: `m${i}`, at: t('2025-11-01') + i, purpose: 'train-genai' as const, choice: 'deny' as const, method: 'setting' as const },
      })));
      return { seq: out.at(-1)!.seq, hash: out.at(-1)!.hash };
    } finally {
      await store.close();
    }
  }

  it('verify prints the head and exits 0 on an intact ledger', async () => {
    const head = await seeded();
    const r = await runCli(['verify', '--db', fresh.db]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ seq: head.seq, hash: head.hash, verified: true });
  });

  it.each([
    ['a deny turned into an allow', `UPDATE ledger SET choice = 'allow' WHERE seq = 3`, 3],
    ['a deleted entry', 'DELETE FROM ledger WHERE seq = 4', 4],
    ['a moved time', 'UPDATE ledger SET at = at + 1 WHERE seq = 2', 2],
  ])('verify exits 1 and names the first bad seq after %s', async (_, sql, bad) => {
    await seeded();
    await tamper(fresh, sql);
    const r = await runCli(['verify', '--db', fresh.db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^first bad seq: ${bad}$`, 'm'));
    expect(r.stdout).toBe('');
  });

  it('migrate applies pending migrations once; running it again, or from four processes at once, is harmless', async () => {
    fresh = await freshStore(backend, 'mig');
    if (backend === 'postgres') {
      // A database that has never seen consentgate (the test template is migrated already).
      const { adminQuery } = await import('../src/test-support/postgres-cluster.js');
      await adminQuery(fresh.db, 'DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    }
    const status = await runCli(['migrate', '--db', fresh.db, '--status']);
    expect(status.code, status.stderr).toBe(0);
    const versions = (backend === 'postgres' ? POSTGRES_MIGRATIONS : SQLITE_MIGRATIONS).map((m) => m.version);
    expect(versions.length).toBeGreaterThan(1);
    expect(JSON.parse(status.stdout).pending.map((m: { version: number }) => m.version)).toEqual(versions);
    const runs = await Promise.all([0, 1, 2, 3].map(() => runCli(['migrate', '--db', fresh.db])));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const applied = runs.flatMap((r) => (JSON.parse(r.stdout) as { applied: { version: number }[] }).applied.map((m) => m.version));
    if (backend === 'postgres') expect(applied.sort()).toEqual(versions);
    const again = await runCli(['migrate', '--db', fresh.db]);
    expect(JSON.parse(again.stdout)).toMatchObject({ backend, applied: [] });
    const verify = await runCli(['verify', '--db', fresh.db]);
    expect(JSON.parse(verify.stdout)).toMatchObject({ seq: 0, verified: true });
  });

  it('an unreachable or unreadable store is one clear line and exit 1', async () => {
    fresh = await freshStore(backend, 'bad');
    const db = backend === 'postgres' ? 'postgres://nobody@127.0.0.1:1/none' : `${fresh.dir}/no/such/dir/store.db`;
    const r = await runCli(['verify', '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^consentgate: .*(cannot connect to PostgreSQL|cannot open the store)/);
  });
});
