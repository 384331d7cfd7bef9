/**
 * Erasure (GDPR Art. 17) on both backends: erasing the evidence of a member's events and the
 * identifiers of an objection leaves the chain verifiable, and the erased strings are gone from
 * every table, from a backup made after, and from the files themselves: the SQLite database and
 * its WAL (secure_delete, checkpoint), and the output of pg_dump.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { pgBinDir } from '../src/test-support/postgres-cluster.js';
import { t } from '../src/test-support/world.js';
import { BACKENDS, collect, freshStore, type FreshStore } from './support/backends.js';
import { runCli } from './support/children.js';

const run = promisify(execFile);
const PROBES = ['Zebulon-Agent/9.9', 'Quillon Erasmussen', 'quillon.erasmussen@example.org', 'quillonx', 'https://social.example/quillonx/42'];
const KEEP = 'Keeper-Agent/1.0';

function contains(bytes: Buffer | string, needle: string): boolean {
  return (typeof bytes === 'string' ? Buffer.from(bytes) : bytes).includes(Buffer.from(needle, 'utf8'));
}

async function allTableText(fresh: FreshStore): Promise<string> {
  if (fresh.backend === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(fresh.db, { readonly: true });
    try {
      const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name);
      return tables.map((name) => JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all(), (_, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v))).join('\n');
    } finally {
      db.close();
    }
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: fresh.db });
  await client.connect();
  try {
    const tables = (await client.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).rows.map((r) => r.tablename);
    const parts: string[] = [];
    for (const name of tables) parts.push(...(await client.query<{ row: string }>(`SELECT t::text AS row FROM "${name}" t`)).rows.map((r) => r.row));
    return parts.join('\n');
  } finally {
    await client.end();
  }
}

describe.each(BACKENDS)('erasure on %s', (backend) => {
  let fresh: FreshStore;
  afterEach(async () => {
    await fresh?.cleanup();
  });

  it('removes the evidence and the identifiers everywhere, and the chain still verifies', async () => {
    fresh = await freshStore(backend, 'erase');
    const store = await fresh.open();
    try {
      await store.append([
        ...[1, 2, 3].map((d) => ({ kind: 'consent' as const, event: { subject: 'm1', at: t(`2025-11-0${d}`), purpose: 'train-genai' as const, choice: 'deny' as const, method: 'setting' as const }, personalData: { category: 'evidence' as const, data: { evidence: { userAgent: `${PROBES[0]} (${d})`, ip: '198.51.100.0' } } } })),
        { kind: 'consent', event: { subject: 'obj-9', at: t('2025-11-04'), purpose: 'train-ai', choice: 'deny', method: 'objection-form' }, personalData: { category: 'identifiers', data: { name: PROBES[1]!, emails: [PROBES[2]!], handles: [PROBES[3]!], urls: [PROBES[4]!] } } },
        { kind: 'consent', event: { subject: 'm2', at: t('2025-11-05'), purpose: 'train-genai', choice: 'deny', method: 'setting' }, personalData: { category: 'evidence', data: { evidence: { userAgent: KEEP } } } },
      ]);
    } finally {
      await store.close();
    }
    // The probes are really there before: the checks below are not vacuous.
    const before = join(fresh.dir, 'before.cgb');
    expect((await runCli(['backup', '--db', fresh.db, '--out', before])).code).toBe(0);
    const beforeBytes = backend === 'sqlite' ? readFileSync(before) : gunzipSync(readFileSync(before));
    for (const p of PROBES) expect(contains(beforeBytes, p), p).toBe(true);

    const e1 = await runCli(['erase', '--db', fresh.db, '--subject', 'm1', '--evidence-only', '--yes']);
    expect(e1.code, e1.stderr).toBe(0);
    expect(JSON.parse(e1.stdout)).toEqual({ subject: 'm1', erased: [1, 2, 3] });
    const e2 = await runCli(['erase', '--db', fresh.db, '--subject', 'obj-9', '--yes']);
    expect(e2.code, e2.stderr).toBe(0);
    expect(e2.stderr).toMatch(/NO LONGER REDACTED/);
    expect(JSON.parse(e2.stdout)).toEqual({ subject: 'obj-9', erased: [4] });

    const v = await runCli(['verify', '--db', fresh.db]);
    expect(v.code, v.stderr).toBe(0);
    expect(JSON.parse(v.stdout)).toMatchObject({ seq: 5, entries: 5, verified: true });

    const reopened = await fresh.open();
    try {
      expect((await collect(reopened.personalData())).map((r) => r.seq)).toEqual([5]);
      const [objection] = await reopened.objections();
      expect(objection!.entry.subject).toBe('obj-9');
      expect(objection!.identifiers).toBeUndefined();
      // The events themselves stay and still decide.
      expect((await reopened.subjectLedger('m1')).events).toHaveLength(3);
    } finally {
      await reopened.close();
    }

    const tables = await allTableText(fresh);
    for (const p of PROBES) expect(contains(tables, p), `${p} in a table`).toBe(false);
    expect(contains(tables, KEEP)).toBe(true);

    const after = join(fresh.dir, 'after.cgb');
    expect((await runCli(['backup', '--db', fresh.db, '--out', after])).code).toBe(0);
    const afterBytes = backend === 'sqlite' ? readFileSync(after) : gunzipSync(readFileSync(after));
    for (const p of PROBES) expect(contains(afterBytes, p), `${p} in the backup`).toBe(false);
    expect(contains(afterBytes, KEEP)).toBe(true);

    if (backend === 'sqlite') {
      for (const file of [fresh.db, `${fresh.db}-wal`]) {
        if (!existsSync(file)) continue;
        const bytes = readFileSync(file);
        for (const p of PROBES) expect(contains(bytes, p), `${p} in ${file}`).toBe(false);
      }
    } else {
      const dump = await run(join(await pgBinDir(), 'pg_dump'), ['--data-only', fresh.db], { maxBuffer: 64 << 20 });
      for (const p of PROBES) expect(contains(dump.stdout, p), `${p} in pg_dump`).toBe(false);
      expect(contains(dump.stdout, KEEP)).toBe(true);
    }
  });
});
