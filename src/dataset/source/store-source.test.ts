/**
 * `defineStoreContent` on both backends, with the content cache in a named folder and without one
 * (SQLite: the Parquet cache beside its file; PostgreSQL: the server's CSV export) gives the rows `Store.contentRows` gives: in (id, ord) order the same rows, `ord`s
 * unique and each item's in write order: versioned rows of one item included, texts with quotes, commas, backslashes,
 * newlines, an empty one, one PostgreSQL stores encoded, and characters beyond the BMP as they are.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles, type ImportFiles } from '../../import/import-files.js';
import { CONTENT, VERSIONS } from '../../policy/compile/relations.js';
import { Duck } from '../engine/duck.js';
import { BACKENDS, freshStore } from '../testing/backends.js';
import { defineStoreContent } from './store-source.js';
import { platformFiles } from '../testing/platform-fixture.js';

let files: ImportFiles;
let filesDir: string;
let extraContent: string;
beforeAll(async () => {
  filesDir = mkdtempSync(join(tmpdir(), 'cg-store-source-'));
  const generated = await platformFiles(join(filesDir, 'p'), 20, 150, 5);
  // Versions of one item written out of id order, and texts that CSV, COPY or JSON could mangle.
  const extra = [
    { id: 'c-zz-versioned', memberId: 'm-00000001', kind: 'post', visibility: 'public', createdAt: '2025-01-01T00:00:00Z', text: 'first "version" \\ with a backslash', validFrom: '2025-01-01T00:00:00Z' },
    { id: 'c-00-early', memberId: 'm-00000002', kind: 'comment', visibility: 'connections', createdAt: '2025-02-01T00:00:00Z', text: 'line one\nline two\ttab 𝒜 \u0001 end' },
    { id: 'c-zz-versioned', memberId: 'm-00000001', kind: 'post', visibility: 'public', createdAt: '2025-01-01T00:00:00Z', text: 'second version, edited', validFrom: '2025-03-01T00:00:00Z' },
    // CSV's own characters, an empty text, and texts PostgreSQL keeps encoded (a leading U+0001).
    { id: 'c-01-csv', memberId: 'm-00000003', kind: 'post', visibility: 'public', createdAt: '2025-02-02T00:00:00Z', text: '"quoted", comma,\r\nCRLF "" and\n"\n' },
    { id: 'c-02-empty', memberId: 'm-00000003', kind: 'post', visibility: 'public', createdAt: '2025-02-03T00:00:00Z', text: '' },
    { id: 'c-03-marked', memberId: 'm-00000003', kind: 'post', visibility: 'public', createdAt: '2025-02-04T00:00:00Z', text: '\u0001 starts with the mark \u0001\u0002' },
  ];
  const content = join(filesDir, 'content.jsonl');
  writeFileSync(content, `${extra.map((r) => JSON.stringify(r)).join('\n')}\n`);
  // The generated content first, then the extra rows (a second import of content only).
  files = generated;
  extraContent = content;
});
afterAll(() => rmSync(filesDir, { recursive: true, force: true }));

describe.each(BACKENDS)('defineStoreContent on %s', (backend) => {
  it.each([false, true])('in (id, ord) order yields the rows of contentRows: versions in write order, odd texts intact (cache folder named: %s)', async (named) => {
    const fresh = await freshStore(backend, 'store_source');
    const store = await fresh.open();
    const duck = await Duck.open({ tempDirectory: join(fresh.dir, 'spill'), threads: 2 });
    try {
      await importFiles(store, files);
      await importFiles(store, { content: extraContent });
      const expected: unknown[][] = [];
      for await (const batch of store.contentRows()) {
        for (const c of batch) expected.push([c.id, c.memberId, c.kind, c.visibility, c.groupId ?? null, c.createdAt, c.deletedAt ?? null, c.text, c.validFrom ?? null]);
      }
      expect(expected.filter((r) => r[0] === 'c-zz-versioned').map((r) => r[7])).toEqual(['first "version" \\ with a backslash', 'second version, edited']);

      const defined = await defineStoreContent(duck, store, join(fresh.dir, 'scratch'), named ? join(fresh.dir, 'cache') : undefined);
      expect(defined.rows).toBe(expected.length);
      expect(defined.kind).toBe(named || backend === 'sqlite' ? 'cache' : 'stream');
      // In (id, ord) order the rows are contentRows' rows: ord orders each item's rows by write order.
      const rows = await duck.rows(`SELECT ord, id, member_id, kind, visibility, group_id, created_at, deleted_at, text, valid_from FROM ${CONTENT} ORDER BY id, ord`);
      const ords = rows.map((r) => Number(r[0]));
      expect(new Set(ords).size).toBe(ords.length);
      expect(Math.min(...ords)).toBeGreaterThanOrEqual(defined.order.minOrd);
      expect(Math.max(...ords)).toBeLessThanOrEqual(defined.order.maxOrd);
      expect(rows.map((r) => r.slice(1).map((v) => (typeof v === 'bigint' ? Number(v) : v)))).toEqual(expected);
      // The versions relation holds at least every row of each item with more than one.
      const versions = await duck.rows(`SELECT id, valid_from FROM ${VERSIONS} WHERE id = 'c-zz-versioned' ORDER BY ord`);
      expect(versions.map((r) => [r[0], r[1] === null ? null : Number(r[1])])).toEqual(expected.filter((r) => r[0] === 'c-zz-versioned').map((r) => [r[0], r[8]]));
    } finally {
      duck.close();
      await store.close();
      await fresh.cleanup();
    }
  });
});
