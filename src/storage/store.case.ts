/**
 * The storage contract: one suite every backend runs (`runStoreContract` from its own test file).
 * A backend passes raw tamper hooks so the suite can prove that `verify` finds any change.
 */
import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { EMPTY_HEAD } from '../ledger/entry.js';
import type { UnsealedEntry } from '../ledger/seal.js';
import { verifyLedger } from '../ledger/verify-ledger.js';
import { t } from '../test-support/world.js';
import type { Store } from './store.js';

export interface TamperHooks {
  /** Sets a column of one ledger row to a value, bypassing the append-only guard. */
  setEntryField(seq: number, column: 'subject' | 'at' | 'choice' | 'purpose' | 'hash', value: string | number): Promise<void>;
  deleteEntry(seq: number): Promise<void>;
  /** Swaps the contents of two entries (a reordering). */
  swapEntries(a: number, b: number): Promise<void>;
  setPersonalData(seq: number, data: Record<string, unknown>): Promise<void>;
}

export interface StoreFixture {
  store: Store;
  tamper: TamperHooks;
  /** Opens a second handle on the same store (another process would do the same). */
  reopen(): Promise<Store>;
  cleanup(): Promise<void>;
}

export const consent = (subject: string, at: string, choice: 'allow' | 'deny' = 'deny', purpose: 'train-ai' | 'train-genai' = 'train-genai'): UnsealedEntry => ({
  kind: 'consent', event: { subject, at: t(at), purpose, choice, method: 'setting' },
});
const withEvidence = (subject: string, at: string): UnsealedEntry => ({
  kind: 'consent', event: { subject, at: t(at), purpose: 'train-genai', choice: 'deny', method: 'setting' },
  personalData: { category: 'evidence', data: { evidence: { userAgent: 'Firefox/140', ip: '192.0.2.0' } } },
});
const objection = (id: string, at: string, name: string): UnsealedEntry => ({
  kind: 'consent', event: { subject: id, at: t(at), purpose: 'train-ai', choice: 'deny', method: 'objection-form' },
  personalData: { category: 'identifiers', data: { name, emails: [`${id}@example.org`] } },
});
const notice = (subject: string, at: string): UnsealedEntry => ({ kind: 'notice', notice: { subject, at: t(at), noticeVersion: 'eu-2025-11', channel: 'email' } });

export function runStoreContract(name: string, open: () => Promise<StoreFixture>): void {
  describe(`storage contract: ${name}`, () => {
    let fx: StoreFixture;
    let store: Store;
    beforeEach(async () => {
      fx = await open();
      store = fx.store;
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    it('an empty ledger has the zero head and verifies', async () => {
      expect(await store.head()).toEqual(EMPTY_HEAD);
      expect(await verifyLedger(store)).toEqual({ ok: true, head: EMPTY_HEAD, entries: 0 });
    });

    it('appends with gapless seq, one sequence for consent and notices, and the chain verifies', async () => {
      const a = await store.append([consent('m1', '2025-01-01'), notice('m1', '2025-01-02')]);
      const b = await store.append([consent('m2', '2025-01-03', 'allow')]);
      expect([...a, ...b].map((e) => [e.seq, e.kind])).toEqual([[1, 'consent'], [2, 'notice'], [3, 'consent']]);
      expect(await store.head()).toEqual({ seq: 3, hash: b[0]!.hash });
      const all = [];
      for await (const e of store.entries()) all.push(e);
      expect(all).toEqual([...a, ...b]);
      expect(await verifyLedger(store)).toMatchObject({ ok: true, head: { seq: 3 } });
    });

    it('concurrent appends in one process stay gapless', async () => {
      const receipts = await Promise.all(Array.from({ length: 60 }, (_, i) => store.append([consent(`m${i}`, '2025-01-01')])));
      expect(receipts.flat().map((e) => e.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      expect(await verifyLedger(store)).toMatchObject({ ok: true, entries: 60 });
    });

    it('two handles on one store append to one chain', async () => {
      const other = await fx.reopen();
      try {
        await Promise.all([store.append([consent('a', '2025-01-01')]), other.append([consent('b', '2025-01-01')]), store.append([consent('c', '2025-01-01')])]);
        expect(await verifyLedger(store)).toMatchObject({ ok: true, entries: 3 });
      } finally {
        await other.close();
      }
    });

    it('keeps personal data outside the chain, committed by HMAC, and erasure keeps the chain valid', async () => {
      const [e] = await store.append([withEvidence('m1', '2025-01-01'), withEvidence('m2', '2025-01-01'), withEvidence('m1', '2025-01-02')]);
      expect(e).toMatchObject({ kind: 'consent', personalData: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(await store.personalDataOf([1])).toEqual([{ seq: 1, subject: 'm1', category: 'evidence', data: { evidence: { userAgent: 'Firefox/140', ip: '192.0.2.0' } } }]);
      expect(await store.erasePersonalData('m1', ['identifiers'])).toEqual([]);
      expect(await store.erasePersonalData('m1', ['evidence'])).toEqual([1, 3]);
      // Only that subject's: another's personal data stays.
      expect((await store.personalDataOf([1, 2, 3])).map((r) => [r.seq, r.subject])).toEqual([[2, 'm2']]);
      expect(await verifyLedger(store)).toMatchObject({ ok: true, entries: 3 });
    });

    it('objections come in ledger order with identifiers until they are erased', async () => {
      await store.append([objection('obj-2', '2025-02-01', 'Jan Jansen'), consent('m1', '2025-01-01'), objection('obj-1', '2025-01-01', 'Piet Pieters')]);
      const all = await store.objections();
      expect(all.map((o) => [o.entry.seq, o.entry.subject, o.identifiers?.name])).toEqual([[1, 'obj-2', 'Jan Jansen'], [3, 'obj-1', 'Piet Pieters']]);
      expect((await store.objections(t('2025-01-15'))).map((o) => o.entry.subject)).toEqual(['obj-1']);
      await store.erasePersonalData('obj-2', ['evidence', 'identifiers']);
      expect((await store.objections()).map((o) => o.identifiers?.name)).toEqual([undefined, 'Piet Pieters']);
      expect(await verifyLedger(store)).toMatchObject({ ok: true });
    });

    it('an import session is all or nothing', async () => {
      await store.append([consent('m0', '2025-01-01')]);
      const head = await store.head();
      await expect(store.importSession(async (s) => {
        await s.writeMembers([{ id: 'm1', name: 'A', country: 'NL', joinedAt: 0 }]);
        await s.appendEntries([consent('m1', '2025-01-01')]);
        throw new Error('bad line');
      })).rejects.toThrow('bad line');
      expect(await store.head()).toEqual(head);
      expect(await store.memberRows('m1')).toEqual([]);
      expect(await store.counts()).toEqual({ members: 0, groups: 0, items: 0, entries: 1 });
    });

    it('an import session sees its own rows and only the entry keys from before it', async () => {
      await store.importSession(async (s) => {
        await s.writeMembers([{ id: 'm1', name: 'A', country: 'NL', joinedAt: 0 }]);
        expect(await s.knownMembers(['m1', 'm2'])).toEqual(new Set(['m1']));
        await s.writeGroups([{ id: 'g1', name: 'G' }]);
        expect(await s.knownGroups(['g1', 'g2'])).toEqual(new Set(['g1']));
        await s.writeContent([{ id: 'i1', memberId: 'm1', kind: 'post', visibility: 'public', createdAt: 5, text: 'x' }]);
        expect(await s.itemIdentity(['i1', 'i2'])).toEqual(new Map([['i1', { memberId: 'm1', createdAt: 5 }]]));
        const [e] = await s.appendEntries([consent('m1', '2025-01-01')]);
        expect(e!.seq).toBe(1);
      });
      expect(await store.counts()).toEqual({ members: 1, groups: 1, items: 1, entries: 1 });
    });

    it('keeps versioned rows in write order and skips a row identical to the one in force', async () => {
      await store.importSession(async (s) => {
        await s.writeMembers([{ id: 'm1', name: 'A', country: 'US', joinedAt: 0 }, { id: 'm1', name: 'A', country: 'NL', joinedAt: 0, validFrom: 10 }]);
        expect(await s.writeMembers([{ id: 'm1', name: 'A', country: 'NL', joinedAt: 0, validFrom: 10 }])).toBe(0);
        expect(await s.writeMembers([{ id: 'm1', name: 'A', country: 'US', joinedAt: 0 }])).toBe(0);
        expect(await s.writeMembers([{ id: 'm1', name: 'A', country: 'DE', joinedAt: 0 }])).toBe(1);
        await s.writeContent([
          { id: 'i1', memberId: 'm1', kind: 'post', visibility: 'public', createdAt: 5, text: 'x' },
          { id: 'i1', memberId: 'm1', kind: 'post', visibility: 'private', createdAt: 5, text: 'x', validFrom: 9, deletedAt: 20 },
        ]);
      });
      expect((await store.memberRows('m1')).map((m) => m.country)).toEqual(['US', 'NL', 'DE']);
      expect(await store.itemRows('i1')).toEqual([
        { id: 'i1', memberId: 'm1', kind: 'post', visibility: 'public', createdAt: 5, text: 'x' },
        { id: 'i1', memberId: 'm1', kind: 'post', visibility: 'private', createdAt: 5, text: 'x', validFrom: 9, deletedAt: 20 },
      ]);
      expect(await store.memberItemIds('m1')).toEqual(['i1']);
      const groups = [];
      for await (const g of store.allMemberRows()) groups.push(g.map((m) => m.country));
      expect(groups).toEqual([['US', 'NL', 'DE']]);
      const batches = [];
      for await (const b of store.contentRows()) batches.push(...b);
      expect(batches).toHaveLength(2);
    });

    it('reads a subject\'s ledger and every subject\'s, grouped', async () => {
      await store.append([consent('m2', '2025-01-01'), notice('m1', '2025-01-02'), consent('m1', '2025-01-03', 'allow')]);
      const m1 = await store.subjectLedger('m1');
      expect(m1.events.map((e) => e.seq)).toEqual([3]);
      expect(m1.notices.map((e) => e.seq)).toEqual([2]);
      const all = [];
      for await (const s of store.allSubjectLedgers()) all.push([s.subject, s.events.length, s.notices.length]);
      expect(all).toEqual([['m1', 1, 1], ['m2', 1, 0]]);
    });

    it('records lineage: datasets, their members and items', async () => {
      await store.importSession(async (s) => {
        await s.writeMembers([{ id: 'm1', name: 'A', country: 'NL', joinedAt: 0 }, { id: 'm2', name: 'B', country: 'US', joinedAt: 0 }]);
        await s.writeContent(['i1', 'i2', 'i3'].map((id, n) => ({ id, memberId: n < 2 ? 'm1' : 'm2', kind: 'post' as const, visibility: 'public' as const, createdAt: 5, text: id })));
      });
      const record = (id: string, builtAt: number) => ({
        id, asOf: t('2025-11-10'), builtAt, policy: { id: 'genai-2025', version: 1, sha256: 'a'.repeat(64) }, ledger: EMPTY_HEAD,
        format: 'jsonl' as const, location: `/data/${id}`, manifest: { datasetId: id, counts: { included: 2 } },
      });
      async function* groups(g: { memberId: string; itemIds: string[] }[][]) { yield* g; }
      await store.recordDataset(record('d1', 1), groups([[{ memberId: 'm1', itemIds: ['i2'] }], [{ memberId: 'm2', itemIds: ['i3'] }, { memberId: 'm1', itemIds: ['i1'] }]]));
      await store.recordDataset(record('d2', 2), groups([[{ memberId: 'm2', itemIds: ['i3'] }]]));
      expect((await store.datasets()).map((d) => d.id)).toEqual(['d1', 'd2']);
      expect(await store.dataset('d1')).toEqual(record('d1', 1));
      expect(await store.dataset('nope')).toBeUndefined();
      expect(await store.memberDatasets('m1')).toEqual([{ datasetId: 'd1', itemIds: ['i1', 'i2'] }]);
      expect(await store.memberDatasets('m2')).toEqual([{ datasetId: 'd1', itemIds: ['i3'] }, { datasetId: 'd2', itemIds: ['i3'] }]);
      expect(await store.datasetIncludes('d1', 'i1')).toBe(true);
      expect(await store.datasetIncludes('d2', 'i1')).toBe(false);
      expect(await store.datasetIncludes('d1', 'zz')).toBe(false);
      const members = [];
      for await (const b of store.datasetMembers('d1')) members.push(...b);
      expect(members).toEqual(['m1', 'm2']);
    });

    it('decisionFacts reads what the per-item calls read, and sees later imports and appends', async () => {
      await store.importSession(async (s) => {
        await s.writeMembers([{ id: 'm1', name: 'A', country: 'NL', joinedAt: 0 }, { id: 'm1', name: 'A', country: 'DE', joinedAt: 0, validFrom: 9 }, { id: 'm2', name: 'B', country: 'US', joinedAt: 0 }]);
        await s.writeGroups([{ id: 'g1', name: 'G', category: 'health' }]);
        await s.writeContent([
          { id: 'i1', memberId: 'm1', kind: 'post', visibility: 'public', createdAt: 1, text: 'x' },
          { id: 'i2', memberId: 'm2', kind: 'group-post', visibility: 'group', groupId: 'g1', createdAt: 2, text: 'y' },
          { id: 'i2', memberId: 'm2', kind: 'group-post', visibility: 'group', groupId: 'g1', createdAt: 2, text: 'y', deletedAt: 5, validFrom: 4 },
        ]);
      });
      await store.append([consent('m1', '2025-01-01'), notice('m2', '2025-01-02')]);
      const noText = (rows: { text: string }[]) => rows.map((r) => ({ ...r, text: '' }));
      const check = async (ids: string[]) => {
        const facts = await store.decisionFacts(ids);
        expect(facts.head).toEqual(await store.head());
        expect(facts.rows).toEqual(await Promise.all(ids.map(async (id) => {
          const rows = await store.itemRows(id);
          return rows.length === 0 ? null : noText(rows);
        })));
        for (const id of ids) {
          const rows = facts.rows[ids.indexOf(id)];
          if (!rows) continue;
          const author = rows[0]!.memberId;
          expect(facts.members.get(author)).toEqual(await store.memberRows(author));
          expect(facts.ledgers.get(author)).toEqual(await store.subjectLedger(author));
          for (const g of rows.flatMap((r) => (r.groupId === undefined ? [] : [r.groupId]))) expect(facts.groups.get(g)).toEqual(await store.groupRows(g));
        }
        return facts;
      };
      const first = await check(['i1', 'i2', 'nope', 'i1']);
      expect(first.rows.map((r) => r?.length ?? 0)).toEqual([1, 2, 0, 1]);
      // Later writes through this handle and through another one are seen by the next call.
      await store.append([consent('m1', '2025-02-01', 'allow')]);
      await store.importSession(async (s) => {
        await s.writeContent([{ id: 'i1', memberId: 'm1', kind: 'post', visibility: 'public', createdAt: 1, text: 'x', deletedAt: 7, validFrom: 6 }]);
      });
      const later = await check(['i1', 'i2']);
      expect(later.rows[0]).toHaveLength(2);
      expect(later.ledgers.get('m1')!.events).toHaveLength(2);
      const other = await fx.reopen();
      await other.append([consent('m2', '2025-03-01')]);
      await other.importSession(async (s) => {
        await s.writeMembers([{ id: 'm2', name: 'B', country: 'FR', joinedAt: 0, validFrom: 10 }]);
      });
      const third = await check(['i2', 'i1']);
      expect(third.ledgers.get('m2')!.events).toHaveLength(1);
      expect(third.members.get('m2')).toHaveLength(2);
    });

    describe('tampering is found by verify, naming the first bad seq', () => {
      beforeEach(async () => {
        await store.append([consent('m1', '2025-01-01'), withEvidence('m2', '2025-01-02'), notice('m3', '2025-01-03'), consent('m4', '2025-01-04'), consent('m5', '2025-01-05')]);
      });
      const bad = async () => verifyLedger(store);
      it('a changed choice', async () => {
        await fx.tamper.setEntryField(3, 'subject', 'mX');
        expect(await bad()).toMatchObject({ ok: false, firstBadSeq: 3 });
      });
      it('a changed time', async () => {
        await fx.tamper.setEntryField(4, 'at', t('2025-01-04') + 1);
        expect(await bad()).toMatchObject({ ok: false, firstBadSeq: 4 });
      });
      it('a deny turned into an allow', async () => {
        await fx.tamper.setEntryField(1, 'choice', 'allow');
        expect(await bad()).toMatchObject({ ok: false, firstBadSeq: 1 });
      });
      it('a rewritten hash', async () => {
        await fx.tamper.setEntryField(2, 'hash', 'f'.repeat(64));
        expect(await bad()).toMatchObject({ ok: false, firstBadSeq: 2 });
      });
      it('a deleted entry', async () => {
        await fx.tamper.deleteEntry(3);
        expect(await bad()).toMatchObject({ ok: false, firstBadSeq: 3 });
      });
      it('two entries reordered', async () => {
        await fx.tamper.swapEntries(2, 4);
        expect(await bad()).toMatchObject({ ok: false, firstBadSeq: 2 });
      });
      it('changed personal data', async () => {
        await fx.tamper.setPersonalData(2, { evidence: { userAgent: 'Forged' } });
        expect(await bad()).toMatchObject({ ok: false, firstBadSeq: 2 });
      });
      it('dropping the newest entries leaves a valid shorter chain (only a recorded head shows it)', async () => {
        await fx.tamper.deleteEntry(5);
        expect(await bad()).toMatchObject({ ok: true, head: { seq: 4 } });
      });
    });
  });
}
