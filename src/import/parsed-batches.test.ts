import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_LINES, parsedBatches } from './parsed-batches.js';

let dir: string;
let path: string;
const LINES = 600;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cg-batches-'));
  path = join(dir, 'members.jsonl');
  writeFileSync(path, Array.from({ length: LINES }, (_, i) => JSON.stringify({ id: `m${i}`, name: `N${i}`, country: 'NL', joinedAt: '2020-01-01' })).join('\n') + '\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const secret = Buffer.alloc(32, 7);
async function sizes(batches: typeof parsedBatches, options: Parameters<typeof parsedBatches>[2]): Promise<number[]> {
  const out: number[] = [];
  for await (const { batch } of batches([{ kind: 'members', path }], secret, options)) out.push(batch.lineNos.length);
  return out;
}

describe('parsed batches', () => {
  it(`are ${BATCH_LINES} lines by default, and as many as a backend asks for`, async () => {
    expect(BATCH_LINES).toBe(256);
    expect(await sizes(parsedBatches, { totalBytes: 0, worker: false })).toEqual([256, 256, 88]);
    expect(await sizes(parsedBatches, { totalBytes: 0, worker: false, batchLines: 1024 })).toEqual([600]);
  });

  // The worker thread needs the compiled code (`npm run build`).
  const compiled = fileURLToPath(new URL('../../dist/import/parsed-batches.js', import.meta.url));
  it.skipIf(!existsSync(compiled))('on the worker thread too', async () => {
    const { parsedBatches: onWorker } = (await import(pathToFileURL(compiled).href)) as { parsedBatches: typeof parsedBatches };
    expect(await sizes(onWorker, { totalBytes: 0, worker: true, batchLines: 100 })).toEqual([100, 100, 100, 100, 100, 100]);
    expect(await sizes(onWorker, { totalBytes: 0, worker: true })).toEqual([256, 256, 88]);
  });
});
