/**
 * The transform UDFs inside DuckDB, with worker threads (the compiled sources: a worker runs
 * JavaScript), give what one `TextTransformer` gives row by row: the bytes path (texts read from
 * the vector into shared memory, results written back as bytes), NULLs, inline strings of 12 bytes
 * or less, and chunks too large for the shared input (the string path).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import '../../test-support/postgres-db.js';
import type { Duck as DuckClass } from '../engine/duck.js';
import { TextTransformer } from './text-transformer.js';
import { facts, objections, text } from './transform-facts.case.js';
import type { TransformPool as Pool } from './transform-pool.js';
import type * as Udf from './transform-udf.js';

describe('transform UDFs in DuckDB with workers', () => {
  let mods: { Duck: typeof DuckClass; TransformPool: typeof Pool; udf: typeof Udf };
  const dir = mkdtempSync(join(tmpdir(), 'cg-udf-'));
  beforeAll(async () => {
    const load = (p: string) => import(pathToFileURL(join(inject('cgBuildDir'), p)).href);
    const [{ Duck }, { TransformPool }, udf] = await Promise.all([load('dataset/engine/duck.js'), load('dataset/text/transform-pool.js'), load('dataset/text/transform-udf.js')]);
    mods = { Duck, TransformPool, udf };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['roomy buffers: every chunk as bytes', 1, { inputBytes: 16 << 20, outputBytes: 4 << 20 }],
    ['tiny buffers: chunks too large take the string path, outputs grow', 2, { inputBytes: 4096, outputBytes: 64 }],
  ])('equals one transformer, row by row (%s)', async (_why, workers, sizes) => {
    const pool = await mods.TransformPool.create(facts(), objections, workers, sizes);
    const duck = await mods.Duck.open({ tempDirectory: join(dir, 'spill'), threads: 2 });
    try {
      expect(pool.workers).toBe(workers);
      mods.udf.registerTransformUdf(duck, mods.udf.TRANSFORM_UDF, pool, 'all');
      mods.udf.registerTransformUdf(duck, mods.udf.OBJECTIONS_UDF, pool, 'objections');
      const texts = fc.sample(text, { numRuns: 6000, seed: 11 });
      // Small chunks next to large ones: a few rows fit the tiny buffer, 2048 of them do not.
      texts.push(...Array.from({ length: 20 }, (_, i) => `${'Jan de Vries '.repeat(i)}4111 1111 1111 1111`));
      await duck.run('CREATE TABLE t (i INTEGER, s VARCHAR)');
      const values = texts.map((s, i) => `(${i}, ${s === null ? 'NULL' : `'${s.replaceAll("'", "''")}'`})`);
      await duck.run(`INSERT INTO t VALUES ${values.join(',')}`);
      const rows = await duck.rows(`SELECT i, ${mods.udf.TRANSFORM_UDF}(s), ${mods.udf.OBJECTIONS_UDF}(s) FROM t ORDER BY i`);
      const small = await duck.rows(`SELECT i, ${mods.udf.TRANSFORM_UDF}(s) FROM t WHERE i % 700 = 3 ORDER BY i`);
      const reference = new TextTransformer(facts());
      const want = texts.map((s, i) => [i, s === null ? null : reference.transform(s), s === null ? null : reference.objectionsOnly(s)]);
      expect(rows).toEqual(want);
      expect(small).toEqual(want.filter(([i]) => (i as number) % 700 === 3).map(([i, all]) => [i, all]));
      expect(rows.filter((r) => r[1] !== null).length).toBeGreaterThan(1000);
    } finally {
      duck.close();
      await pool.close();
    }
  });
});
