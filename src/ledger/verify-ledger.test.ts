import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { t } from '../test-support/world.js';
import type { UnsealedEntry } from './seal.js';
import { verifyLedger } from './verify-ledger.js';

const entry = fc.oneof(
  fc.record({ subject: fc.constantFrom('m1', 'm2', 'obj-1'), at: fc.integer({ min: t('2024-01-01'), max: t('2026-01-01') }), choice: fc.constantFrom('allow', 'deny'), evidence: fc.boolean() })
    .map(({ subject, at, choice, evidence }): UnsealedEntry => ({
      kind: 'consent', event: { subject, at, purpose: 'train-genai', choice, method: 'setting', noticeVersion: 'eu-2025-11' },
      ...(evidence ? { personalData: { category: 'evidence' as const, data: { evidence: { ua: 'Firefox' } } } } : {}),
    })),
  fc.record({ subject: fc.constantFrom('m1', 'm2'), at: fc.integer({ min: t('2024-01-01'), max: t('2026-01-01') }) })
    .map(({ subject, at }): UnsealedEntry => ({ kind: 'notice', notice: { subject, at, noticeVersion: 'eu-2025-11', channel: 'email' } })),
);
const COLUMNS = ['subject', 'at', 'purpose', 'choice', 'method', 'notice_version', 'channel', 'personal_data', 'hash'] as const;

describe('verify: a changed byte anywhere in an entry breaks the chain at that entry', () => {
  it('holds for any entry, column and byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-tamper-'));
    let n = 0;
    try {
      await fc.assert(fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 12 }), fc.nat(), fc.constantFrom(...COLUMNS), fc.nat(), fc.integer({ min: 1, max: 255 }), async (entries, pick, column, pos, xor) => {
        const store = SqliteStore.open(join(dir, `s${n++}.db`));
        try {
          await store.append(entries);
          const seq = (pick % entries.length) + 1;
          const row = store.db.prepare(`SELECT ${column} AS v FROM ledger WHERE seq = ?`).get(seq) as { v: string | number | null };
          let changed: string | number;
          if (row.v === null) changed = 'x';
          else if (typeof row.v === 'number') changed = row.v ^ xor;
          else {
            const bytes = Buffer.from(row.v, 'utf8');
            const i = pos % bytes.length;
            bytes[i] = bytes[i]! ^ (xor & 0x3f || 1);
            changed = bytes.toString('latin1');
          }
          store.db.exec('DROP TRIGGER ledger_no_update');
          store.db.prepare(`UPDATE ledger SET ${column} = ? WHERE seq = ?`).run(changed, seq);
          const result = await verifyLedger(store);
          expect(result).toMatchObject({ ok: false, firstBadSeq: seq });
        } finally {
          await store.close();
        }
      }), { numRuns: 120 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
