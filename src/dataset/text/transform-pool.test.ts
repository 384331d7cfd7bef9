/**
 * The pool with worker threads (the compiled sources: a worker runs JavaScript) gives what one
 * `TextTransformer` gives, text by text, and the same counts: nulls, long chunks (several rounds),
 * texts too large for the shared input, outputs that outgrow a worker's buffer.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import '../../test-support/postgres-db.js';
import { TextTransformer } from './text-transformer.js';
import { facts, objections, text } from './transform-facts.case.js';
import type { TransformPool as Pool } from './transform-pool.js';

describe('TransformPool with workers', () => {
  let TransformPool: typeof Pool;
  beforeAll(async () => {
    const mod = pathToFileURL(join(inject('cgBuildDir'), 'dataset', 'text', 'transform-pool.js')).href;
    ({ TransformPool } = (await import(mod)) as { TransformPool: typeof Pool });
  });
  const pools: Pool[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  it.each([
    ['one worker, roomy buffers', 1, { inputBytes: 16 << 20, outputBytes: 4 << 20 }],
    ['two workers, tiny buffers', 2, { inputBytes: 2048, outputBytes: 64 }],
  ])('equals one transformer, text by text and in the counts (%s)', async (_why, workers, sizes) => {
    const pool = await TransformPool.create(facts(), objections, workers, sizes);
    pools.push(pool);
    expect(pool.workers).toBe(workers);
    const reference = new TextTransformer(facts());
    const chunks = fc.sample(fc.tuple(fc.array(text, { minLength: 0, maxLength: 5000 }), fc.constantFrom('all' as const, 'objections' as const)), { numRuns: 12, seed: 7 });
    // Longer than a round (MAX_ITEMS), and texts larger than the tiny buffers.
    chunks.push([fc.sample(text, { numRuns: 9000, seed: 8 }), 'all'], [fc.sample(text, { numRuns: 5000, seed: 9 }), 'objections']);
    chunks.push([Array.from({ length: 300 }, (_, i) => `${'Jan de Vries '.repeat(i)}4111 1111 1111 1111`), 'all']);
    for (const [texts, kind] of chunks) {
      const got = texts.slice();
      pool.transformChunk(got, kind);
      const want = texts.map((t) => (t === null ? null : kind === 'all' ? reference.transform(t) : reference.objectionsOnly(t)));
      expect(got).toEqual(want);
    }
    expect(pool.counts()).toEqual(reference.counts);
    expect(reference.counts.changed).toBeGreaterThan(1000);
  });
});
