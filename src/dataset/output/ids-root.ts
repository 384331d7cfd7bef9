/**
 * @module The Merkle root over `ids.txt`, computed in a worker thread when the build runs compiled.
 * During the write, the text transforms are JavaScript calls that only the main thread can serve
 * (DuckDB waits for each); hashing millions of ids there held them up, a chunk of the file at a
 * time. The worker reads the file itself: nothing but its path and the root cross threads.
 * Running from TypeScript sources (tests) it is computed on this thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
// The two modules it needs, not the package index: a worker loads what it imports (a third of the
// CPU it cost at a million ids was loading the proof tools).
import { MerkleBuilder } from '../merkle/builder.js';
import { readIdLines } from '../merkle/id-sources.js';

export interface IdsRoot {
  /** Ids (leaves) read. */
  size: number;
  rootHex: string;
}

const WORKER = new URL('./ids-root-worker.js', import.meta.url);

/** The root over a file of ids, one a line, sorted bytewise (the builder refuses any disorder). */
export async function idsRootHere(path: string): Promise<IdsRoot> {
  const tree = new MerkleBuilder();
  await readIdLines(path, (buf, start, end) => tree.addBytes(buf, start, end));
  return { size: tree.size, rootHex: tree.rootHex() };
}

export function idsRoot(path: string): Promise<IdsRoot> {
  if (WORKER.protocol !== 'file:' || !existsSync(fileURLToPath(WORKER))) return idsRootHere(path);
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: { path } });
    let settled = false;
    worker.once('message', (m: { ok: true; root: IdsRoot } | { ok: false; message: string }) => {
      settled = true;
      if (m.ok) resolve(m.root);
      else reject(new Error(m.message));
    });
    worker.once('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the Merkle root of ids.txt stopped with exit code ${code}`));
    });
  });
}
