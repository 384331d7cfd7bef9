/**
 * The canonical JSON made from a ledger row is the reference's (`entryCanonicalJson(entryOfRaw(row))`)
 * for rows of every shape, usual or not (NULLs, numbers, blobs, odd kinds, odd times, strings that
 * need escaping), and the check over such rows gives the reference check's verdict on a tampered store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entryCanonicalJson } from '../../ledger/chain.js';
import type { UnsealedEntry } from '../../ledger/seal.js';
import { verifyHashedScans, verifyLedgerScans } from '../../ledger/verify-ledger.js';
import { entryOfRaw, scanEntries, scanPersonalData } from '../../storage/sqlite/sqlite-scans.js';
import { SqliteStore } from '../../storage/sqlite/sqlite-store.js';
import { canonicalOfRow, hashedEntryOf, scanHashedEntries, type LedgerRow } from './ledger-rows.js';

const text = fc.oneof(fc.constantFrom('train-genai', 'allow', 'setting', 'eu-2025-11', 'email', 'm-1', ''), fc.string(), fc.string({ unit: 'binary' }));
const value = fc.oneof({ weight: 20, arbitrary: text }, { weight: 4, arbitrary: fc.constant(null) }, fc.integer(), fc.double(), fc.constant(Buffer.from('ab')));
const row = fc.tuple(
  fc.oneof(fc.integer({ min: 1, max: 1e6 }), fc.constant(2 ** 60)),
  fc.oneof({ weight: 8, arbitrary: fc.constantFrom('consent', 'notice') }, value),
  value,
  fc.oneof({ weight: 20, arbitrary: fc.integer({ min: -1e13, max: 1e14 }) }, value),
  value, value, value, value, value, value,
  fc.oneof(fc.string({ minLength: 64, maxLength: 64 }), value),
) as fc.Arbitrary<LedgerRow>;

function outcome<T>(f: () => T): T | { threw: string } {
  try {
    return f();
  } catch (e) {
    return { threw: (e as Error).message };
  }
}

describe('canonicalOfRow', () => {
  it('is the reference JSON of the row, or undefined (then the reference is used)', () => {
    let fast = 0;
    fc.assert(fc.property(row, (r) => {
      // A time beyond what a Date holds throws on both paths.
      const mine = outcome(() => canonicalOfRow(r));
      const reference = outcome(() => entryCanonicalJson(entryOfRaw(r as never)));
      if (mine !== undefined) {
        fast++;
        expect(mine).toEqual(reference);
      }
      expect(outcome(() => hashedEntryOf(r).text)).toEqual(reference);
    }), { numRuns: 3000 });
    expect(fast).toBeGreaterThan(100);
  });

  it('takes the usual rows itself', () => {
    expect(canonicalOfRow([3, 'consent', 'm-1', 1.75e12, 'train-genai', 'deny', 'setting', null, null, 'ab12', 'h'])).toBe(
      '{"at":"2025-06-15T15:06:40.000Z","choice":"deny","kind":"consent","method":"setting","personalData":"ab12","purpose":"train-genai","seq":3,"subject":"m-1"}');
    expect(canonicalOfRow([4, 'notice', 'm-"2', 1.75e12, null, null, null, 'eu-1', 'email', null, 'h'])).toBe(
      '{"at":"2025-06-15T15:06:40.000Z","channel":"email","kind":"notice","noticeVersion":"eu-1","seq":4,"subject":"m-\\"2"}');
  });
});

const entry = fc.oneof(
  fc.record({ subject: fc.constantFrom('m1', 'm2', 'obj-1'), at: fc.integer({ min: 1.7e12, max: 1.8e12 }), choice: fc.constantFrom('allow', 'deny'), evidence: fc.boolean() })
    .map(({ subject, at, choice, evidence }): UnsealedEntry => ({
      kind: 'consent', event: { subject, at, purpose: 'train-genai', choice, method: 'setting', noticeVersion: 'eu-2025-11' },
      ...(evidence ? { personalData: { category: 'evidence' as const, data: { evidence: { ua: 'Firefox' } } } } : {}),
    })),
  fc.record({ subject: fc.constantFrom('m1', 'm2'), at: fc.integer({ min: 1.7e12, max: 1.8e12 }) })
    .map(({ subject, at }): UnsealedEntry => ({ kind: 'notice', notice: { subject, at, noticeVersion: 'eu-2025-11', channel: 'email' } })),
);
const COLUMNS = ['kind', 'subject', 'at', 'purpose', 'choice', 'method', 'notice_version', 'channel', 'personal_data', 'hash'] as const;

describe('verifyHashedScans', () => {
  it('gives the verdict of verifyLedgerScans on a store with any one column of any entry changed, or set NULL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-hashed-'));
    let n = 0;
    try {
      await fc.assert(fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 10 }), fc.nat(), fc.constantFrom(...COLUMNS), fc.oneof(fc.constant(null), fc.integer(), text), async (entries, pick, column, to) => {
        const store = SqliteStore.open(join(dir, `s${n++}.db`));
        try {
          await store.append(entries);
          const seq = (pick % entries.length) + 1;
          const db = store.db;
          db.exec('DROP TRIGGER ledger_no_update');
          // The kind's CHECK and the NOT NULLs refuse some changes: the store then stays as it was.
          try {
            db.prepare(`UPDATE ledger SET ${column} = ? WHERE seq = ?`).run(to, seq);
          } catch {
            /* refused */
          }
          const reference = outcome(() => verifyLedgerScans('s', store.secret, () => scanEntries(db), () => scanPersonalData(db)));
          const mine = outcome(() => verifyHashedScans('s', store.secret, () => scanHashedEntries(db, 3), () => scanPersonalData(db)));
          expect(mine).toEqual(reference);
        } finally {
          await store.close();
        }
      }), { numRuns: 150 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
