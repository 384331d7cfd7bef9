import { mkdtempSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { merkleRoot } from './builder.js';
import { forEachLine, readJsonlIds } from './id-sources.js';
import type { ProofDocument } from './proof-document.js';
import { checkProof, checkProofFile, findIdSource, proveItem, trustedTreeFromManifest } from './prove-command.js';

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `post:${String(i * 10).padStart(7, '0')}`);

function dataset(list: string[], files: { jsonl?: boolean; idsTxt?: boolean; manifestRoot?: string } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'cg-merkle-'));
  if (files.jsonl !== false) {
    const rows = list.map((id) => JSON.stringify({ id, kind: 'post', createdAt: '2025-01-01T00:00:00.000Z', text: `hello "${id}"\n` }));
    writeFileSync(join(dir, 'data.jsonl'), rows.map((r) => `${r}\n`).join(''));
  }
  if (files.idsTxt) writeFileSync(join(dir, 'ids.txt'), list.map((id) => `${id}\n`).join(''));
  const manifest = {
    datasetId: 'ds-1', asOf: '2025-11-10T00:00:00Z',
    counts: { considered: list.length, included: list.length, excluded: {} },
    merkleRoot: files.manifestRoot ?? merkleRoot(list),
    files: [{ path: 'data.jsonl', sha256: '0'.repeat(64), rows: list.length }],
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

async function collect(read: (sink: (b: Uint8Array, s: number, e: number) => void) => Promise<void>): Promise<string[]> {
  const out: string[] = [];
  await read((b, s, e) => out.push(Buffer.from(b.subarray(s, e)).toString('utf8')));
  return out;
}

describe('id sources', () => {
  it('reads lines across chunk boundaries, CRLF, blank lines and a last line without LF', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-lines-'));
    const many = ids(150_000); // ~2 MB: several 1 MB reads
    writeFileSync(join(dir, 'a.txt'), `${many.join('\n')}\r\n\nlast`);
    const got = await collect((s) => forEachLine(join(dir, 'a.txt'), s));
    expect(got).toEqual([...many, 'last']);
  });

  it('jsonl: fast path and parsed rows agree', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-jsonl-'));
    const lines = ['{"id":"a1","kind":"post"}', '{ "id": "a2", "kind": "post" }', '{"kind":"post","id":"a3"}', '{"id":"a\\u0034"}', ''];
    writeFileSync(join(dir, 'd.jsonl'), lines.join('\n'));
    expect(await collect((s) => readJsonlIds(join(dir, 'd.jsonl'), s))).toEqual(['a1', 'a2', 'a3', 'a4']);
    writeFileSync(join(dir, 'bad.jsonl'), '{"id":"a"}\n{"text":"x"}\n');
    await expect(collect((s) => readJsonlIds(join(dir, 'bad.jsonl'), s))).rejects.toThrow(/bad.jsonl:2: no string "id"/);
  });
});

describe('proveItem / checkProof', () => {
  const list = ids(1000);

  it('inclusion from data.jsonl, checked against the manifest root and size', async () => {
    const dir = dataset(list);
    const doc = await proveItem(dir, list[417]!);
    expect(doc.kind).toBe('inclusion');
    expect(doc.format).toBe('consentgate-merkle-proof');
    expect(doc.dataset).toEqual({ datasetId: 'ds-1', asOf: '2025-11-10T00:00:00Z', merkleRoot: merkleRoot(list), treeSize: 1000 });
    if (doc.kind === 'inclusion') expect(doc.leaf.index).toBe(417);
    const r = checkProof(JSON.parse(JSON.stringify(doc)), { root: merkleRoot(list), treeSize: 1000 });
    expect(r).toMatchObject({ ok: true, kind: 'inclusion', included: true, rootSource: 'argument', errors: [] });
    expect(await trustedTreeFromManifest(join(dir, 'manifest.json'))).toEqual({ root: merkleRoot(list), treeSize: 1000 });
  });

  it('exclusion between, before and after, and of an empty dataset', async () => {
    const dir = dataset(list, { idsTxt: true });
    expect(findIdSource(dir).format).toBe('lines');
    for (const [item, left, right] of [
      ['post:0000415', 'post:0000410', 'post:0000420'],
      ['a', null, 'post:0000000'],
      ['zz', 'post:0009990', null],
    ] as const) {
      const doc = await proveItem(dir, item);
      expect(doc.kind).toBe('exclusion');
      if (doc.kind !== 'exclusion') continue;
      expect(doc.left?.id ?? null).toBe(left);
      expect(doc.right?.id ?? null).toBe(right);
      expect(checkProof(doc, { root: merkleRoot(list) })).toMatchObject({ ok: true, included: false });
    }
    const empty = await proveItem(dataset([]), 'x');
    expect(empty).toMatchObject({ kind: 'exclusion', left: null, right: null, dataset: { treeSize: 0 } });
    expect(checkProof(empty).ok).toBe(true);
  });

  it('data.parquet through DuckDB', async () => {
    const dir = dataset(list, { jsonl: true });
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const inst = await DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    await conn.run(
      `COPY (SELECT * FROM read_json_auto('${join(dir, 'data.jsonl')}') ORDER BY id) TO '${join(dir, 'data.parquet')}' (FORMAT parquet)`,
    );
    conn.closeSync();
    inst.closeSync();
    const fromJsonl = await proveItem(dir, list[999]!);
    const absentFromJsonl = await proveItem(dir, 'post:0000005');
    unlinkSync(join(dir, 'data.jsonl'));
    expect(findIdSource(dir, ['data.jsonl']).format).toBe('parquet');
    const r = await proveItem(dir, list[999]!);
    expect(r.kind).toBe('inclusion');
    expect(JSON.stringify(r)).toBe(JSON.stringify(fromJsonl));
    expect(JSON.stringify(await proveItem(dir, 'post:0000005'))).toBe(JSON.stringify(absentFromJsonl));
  });

  it('a data file that does not match its manifest is an error', async () => {
    const dir = dataset(list, { manifestRoot: merkleRoot(list.slice(1)) });
    await expect(proveItem(dir, list[5]!)).rejects.toThrow(/does not match/);
  });

  it('rejects tampering, a foreign root or size, and garbage without throwing', async () => {
    const dir = dataset(list);
    const doc = (await proveItem(dir, list[3]!)) as ProofDocument & { kind: 'inclusion' };
    const root = merkleRoot(list);
    const tampered = JSON.parse(JSON.stringify(doc));
    tampered.leaf.path[2] = tampered.leaf.path[2].replace(/^./, (c: string) => (c === '0' ? '1' : '0'));
    expect(checkProof(tampered, { root }).ok).toBe(false);
    expect(checkProof({ ...doc, item: list[4] }, { root }).ok).toBe(false);
    expect(checkProof({ ...doc, leaf: { ...doc.leaf, id: list[4] } }, { root }).errors.join()).toMatch(/leafHash/);
    expect(checkProof(doc, { root: merkleRoot(list.slice(0, 999)) }).errors.join()).toMatch(/not the given root/);
    expect(checkProof(doc, { root, treeSize: 999 }).ok).toBe(false);
    expect(checkProof(doc).rootSource).toBe('document');
    for (const junk of [null, 1, 'x', [], {}, { ...doc, kind: 'maybe' }, { ...doc, dataset: null }]) {
      const r = checkProof(junk);
      expect(r.ok).toBe(false);
      expect(r.errors.length).toBeGreaterThan(0);
    }
    writeFileSync(join(dir, 'proof.json'), '{not json');
    expect((await checkProofFile(join(dir, 'proof.json'))).ok).toBe(false);
    writeFileSync(join(dir, 'proof.json'), JSON.stringify(doc));
    expect((await checkProofFile(join(dir, 'proof.json'), { root })).ok).toBe(true);
  });
});

describe('proof documents: any changed character fails', () => {
  it('every hex digit, id character and number of an inclusion and an exclusion document', async () => {
    const list = ids(37);
    const dir = dataset(list);
    const root = merkleRoot(list);
    for (const item of [list[20]!, 'post:0000205']) {
      const doc = await proveItem(dir, item);
      const text = JSON.stringify(doc);
      expect(checkProof(JSON.parse(text), { root, treeSize: 37 }).ok).toBe(true);
      // Walk the JSON text and change each character inside the proof's values (hex, ids, indices).
      const valueChars = /"(?:item|id|leafHash|merkleRoot)":"([^"]*)"|"(?:path)":\[([^\]]*)\]|"(?:index|treeSize)":(\d+)/g;
      let changed = 0;
      for (const m of text.matchAll(valueChars)) {
        // Another absent id between the same neighbours is rightly proven absent by the same proof.
        if (doc.kind === 'exclusion' && m[0].startsWith('"item"')) continue;
        const body = m[1] ?? m[2] ?? m[3]!;
        const at = m.index + m[0].indexOf(body);
        for (let i = 0; i < body.length; i++) {
          const c = text[at + i]!;
          if (c === '"' || c === ',') continue;
          const repl = /[0-9]/.test(c) ? String((Number(c) + 1) % 10) : c === 'f' ? 'e' : /[a-e]/.test(c) ? 'f' : c === 'p' ? 'q' : 'p';
          const bad = text.slice(0, at + i) + repl + text.slice(at + i + 1);
          expect(checkProof(JSON.parse(bad), { root, treeSize: 37 }).ok, bad).toBe(false);
          changed++;
        }
      }
      expect(changed).toBeGreaterThan(300);
    }
  });
});
