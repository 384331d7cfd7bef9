/** @module Worker thread body of `idsRoot`: the Merkle root over a file of ids (`workerData.path`). */
import { parentPort, workerData } from 'node:worker_threads';
import { idsRootHere } from './ids-root.js';

idsRootHere((workerData as { path: string }).path).then(
  (root) => parentPort?.postMessage({ ok: true, root }),
  (e: unknown) => parentPort?.postMessage({ ok: false, message: (e as Error).message }),
);
