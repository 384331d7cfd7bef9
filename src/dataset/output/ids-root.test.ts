/**
 * The Merkle root over ids.txt, on this thread and in its worker thread (the compiled sources):
 * the same root as `merkleRoot` over the same ids, and a file out of order refused either way.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { merkleRoot } from '../merkle/index.js';
import { idsRootHere } from './ids-root.js';
import type * as IdsRoot from './ids-root.js';

const dir = mkdtempSync(join(tmpdir(), 'cg-ids-root-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ids = Array.from({ length: 70_000 }, (_, i) => `c-${String(i).padStart(9, '0')}`);
const sorted = join(dir, 'ids.txt');
writeFileSync(sorted, `${ids.join('\n')}\n`);
const unsorted = join(dir, 'unsorted.txt');
writeFileSync(unsorted, `${[...ids.slice(0, 40_000), ids[5]!, ...ids.slice(40_000)].join('\n')}\n`);

describe.each([
  ['this thread', async () => idsRootHere],
  ['a worker thread', async () => ((await import(pathToFileURL(join(inject('cgBuildDir'), 'dataset', 'output', 'ids-root.js')).href)) as typeof IdsRoot).idsRoot],
])('the root of ids.txt on %s', (_, load) => {
  it('is the Merkle root of the ids, with their count', async () => {
    const root = await (await load())(sorted);
    expect(root).toEqual({ size: ids.length, rootHex: merkleRoot(ids) });
  });

  it('refuses ids out of order', async () => {
    await expect((await load())(unsorted)).rejects.toThrow(/must be unique and sorted/);
  });
});
