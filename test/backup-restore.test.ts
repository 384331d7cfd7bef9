/**
 * `consentgate backup` and `restore` on both backends: a restored store is the same store (entries,
 * personal data, entities, lineage, head), verified before it counts; a damaged or tampered backup
 * restores nothing; a store that is not empty is refused.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_HEAD } from '../src/ledger/entry.js';
import type { Store } from '../src/storage/store.js';
import { t } from '../src/test-support/world.js';
import { BACKENDS, collect, freshStore, tamper, type FreshStore } from './support/backends.js';
import { runCli } from './support/children.js';

export async function seedStore(store: Store): Promise<void> {
  await store.importSession(async (s) => {
    await s.writeMembers([{ id: 'm1', name: "O'Brien \"Quote\" \\ Tab\tNew\nLine", country: 'NL', joinedAt: 0 }, { id: 'm1', name: 'Moved', country: 'DE', joinedAt: 0, validFrom: 5 }, { id: 'm2', name: 'B', country: 'US', joinedAt: 0, birthDate: t('2010-01-01'), inSecondarySchool: true }]);
    await s.writeGroups([{ id: 'g1', name: 'Union', category: 'trade-union' }]);
    await s.writeContent([
      { id: 'i1', memberId: 'm1', kind: 'post', visibility: 'public', createdAt: 5, text: 'hello @[B](member:m2) ünïcödé 🎉' },
      { id: 'i2', memberId: 'm2', kind: 'group-post', visibility: 'group', groupId: 'g1', createdAt: 6, text: 'x', deletedAt: 9 },
    ]);
    await s.appendEntries([{ kind: 'consent', event: { subject: 'm1', at: t('2025-11-01'), purpose: 'train-genai', choice: 'deny', method: 'setting', noticeVersion: 'eu-2025-11' } }]);
  });
  await store.append([
    { kind: 'consent', event: { subject: 'm2', at: t('2025-11-02'), purpose: 'train-ai', choice: 'deny', method: 'setting' }, personalData: { category: 'evidence', data: { evidence: { userAgent: 'Firefox', ip: '192.0.2.0' } } } },
    { kind: 'notice', notice: { subject: 'm1', at: t('2025-10-01'), noticeVersion: 'eu-2025-11', channel: 'email' } },
    { kind: 'consent', event: { subject: 'obj-1', at: t('2025-11-03'), purpose: 'train-ai', choice: 'deny', method: 'objection-form' }, personalData: { category: 'identifiers', data: { name: 'Jan Jansen', emails: ['jan@example.org'] } } },
  ]);
  async function* groups() {
    yield [{ memberId: 'm1', itemIds: ['i1'] }];
  }
  await store.recordDataset({ id: 'ds-1', asOf: t('2025-11-10'), builtAt: t('2025-11-10T01:00:00Z'), policy: { id: 'genai-2025', version: 1, sha256: 'a'.repeat(64) }, ledger: EMPTY_HEAD, format: 'jsonl', location: '/data/ds-1', manifest: { datasetId: 'ds-1' } }, groups());
}

async function snapshot(store: Store) {
  return {
    head: await store.head(),
    entries: await collect(store.entries()),
    pd: await collect(store.personalData()),
    members: await collect(store.allMemberRows()),
    groups: await collect(store.allGroupRows()),
    content: await collect(store.contentRows()),
    datasets: await store.datasets(),
    lineage: await store.memberDatasets('m1'),
    counts: await store.counts(),
    secret: store.secret.toString('hex'),
  };
}

describe.each(BACKENDS)('backup and restore on %s', (backend) => {
  const cleanups: FreshStore[] = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((f) => f.cleanup()));
  });
  const fresh = async (p: string) => {
    const f = await freshStore(backend, p);
    cleanups.push(f);
    return f;
  };

  it('restores the same store, verified, and refuses a store that is not empty', async () => {
    const src = await fresh('bsrc');
    let store = await src.open();
    await seedStore(store);
    const before = await snapshot(store);
    await store.close();

    const file = join(src.dir, 'backup.cgb');
    const b = await runCli(['backup', '--db', src.db, '--out', file]);
    expect(b.code, b.stderr).toBe(0);
    expect(JSON.parse(b.stdout)).toMatchObject({ backend, head: before.head, entries: 4 });

    const dst = await fresh('bdst');
    const r = await runCli(['restore', '--db', dst.db, '--from', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ backend, head: before.head, entries: 4 });
    store = await dst.open();
    try {
      expect(await snapshot(store)).toEqual(before);
      // The restored store goes on: new appends chain onto the restored head.
      await store.append([{ kind: 'notice', notice: { subject: 'm2', at: 0, noticeVersion: 'v', channel: 'email' } }]);
    } finally {
      await store.close();
    }
    const v = await runCli(['verify', '--db', dst.db]);
    expect(JSON.parse(v.stdout)).toMatchObject({ seq: 5, verified: true });

    const again = await runCli(['restore', '--db', dst.db, '--from', file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/not empty/);
  });

  it('restores nothing from a tampered or truncated backup', async () => {
    const src = await fresh('tsrc');
    const store = await src.open();
    await seedStore(store);
    await store.close();
    const file = join(src.dir, 'backup.cgb');
    expect((await runCli(['backup', '--db', src.db, '--out', file])).code).toBe(0);

    const forged = join(src.dir, 'forged.cgb');
    if (backend === 'sqlite') {
      const copy = { ...src, db: forged };
      writeFileSync(forged, readFileSync(file));
      await tamper(copy, `UPDATE ledger SET choice = 'allow' WHERE seq = 2`);
    } else {
      // Forge it the careful way: change a deny into an allow and fix the checksum.
      const text = gunzipSync(readFileSync(file)).toString('utf8');
      const lines = text.split('\n');
      const i = lines.findIndex((l) => l.startsWith('2\tconsent\t'));
      lines[i] = lines[i]!.replace('\tdeny\t', '\tallow\t');
      const end = lines.findIndex((l) => l.startsWith('@end '));
      const body = `${lines.slice(0, end).join('\n')}\n`;
      const footer = JSON.parse(lines[end]!.slice(5)) as { sha256: string };
      footer.sha256 = createHash('sha256').update(body).digest('hex');
      writeFileSync(forged, gzipSync(`${body}@end ${JSON.stringify(footer)}\n`));
    }
    const dst = await fresh('tdst');
    const r = await runCli(['restore', '--db', dst.db, '--from', forged]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nothing restored.*first bad seq: 2/);
    const empty = await dst.open();
    try {
      expect(await empty.counts()).toEqual({ members: 0, groups: 0, items: 0, entries: 0 });
    } finally {
      await empty.close();
    }

    const truncated = join(src.dir, 'truncated.cgb');
    const bytes = readFileSync(file);
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const t2 = await runCli(['restore', '--db', dst.db, '--from', truncated]);
    expect(t2.code).toBe(1);
    expect(t2.stderr.trim().split('\n')).toHaveLength(1);
    expect(t2.stderr).toMatch(/^consentgate: .*(damaged|truncated|not a valid|cannot open|malformed|not a database)/);
  });
});
