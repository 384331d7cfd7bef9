/**
 * @module Worker thread body of the transform pool: the same `TextTransformer` as the main thread,
 * built from the same facts, claiming batches of each chunk from shared memory (`SharedChunk`)
 * and writing the changed texts to its own output buffer. It blocks between rounds
 * (`Atomics.wait`): the main thread is inside a DuckDB callback and waits synchronously too.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { Entity } from '../../policy/policy.js';
import { compileObjections, type ObjectionIdentifiersInput } from '../../redact/index.js';
import { ObjectionRouter } from './objection-router.js';
import { BATCH, KIND_ALL, KIND_STOP, MAIN_ONLY, NO_TEXT, SharedChunk, type SharedChunkMemory } from './shared-chunk.js';
import { TextTransformer, writeCounts } from './text-transformer.js';

export interface WorkerInit {
  lane: number;
  /** Where the worker posts a grown output buffer (`{ output }`), read by the main thread after the round. */
  port: MessagePort;
  memory: SharedChunkMemory;
  output: SharedArrayBuffer;
  /** The worker's counts (`writeCounts`), updated after each round. */
  counts: SharedArrayBuffer;
  nameable: string[];
  objections: ObjectionIdentifiersInput[];
  entities: Entity[];
}

const init = workerData as WorkerInit;
const transformer = new TextTransformer({
  nameable: new Set(init.nameable),
  suppressor: compileObjections(init.objections),
  router: new ObjectionRouter(init.objections),
  entities: new Set(init.entities),
});
const chunk = new SharedChunk(init.memory);
const counts = new Int32Array(init.counts);
let output = Buffer.from(init.output);

/** Room for `need` more bytes after `at`: a larger buffer (the written part copied) when short. */
function reserve(at: number, need: number): void {
  if (at + need <= output.length) return;
  const grown = Buffer.from(new SharedArrayBuffer(Math.max(2 * output.length, at + need)));
  output.copy(grown, 0, 0, at);
  output = grown;
  init.port.postMessage({ output: grown.buffer });
}

function runRound(round: number): void {
  const transform = chunk.kind === KIND_ALL ? (t: string) => transformer.transform(t) : (t: string) => transformer.objectionsOnly(t);
  const n = chunk.count;
  let at = 0;
  for (let first = chunk.claim(round); first >= 0; first = chunk.claim(round)) {
    const end = Math.min(first + BATCH, n);
    for (let i = first; i < end; i++) {
      chunk.outLane[i] = init.lane;
      const len = chunk.inLen[i]!;
      if (len < 0) {
        chunk.outLen[i] = len === MAIN_ONLY ? MAIN_ONLY : NO_TEXT;
        continue;
      }
      const start = chunk.inStart[i]!;
      const out = transform(chunk.input.toString('utf8', start, start + len));
      if (out === null) {
        chunk.outLen[i] = NO_TEXT;
        continue;
      }
      reserve(at, 3 * out.length);
      const written = output.write(out, at, 'utf8');
      chunk.outStart[i] = at;
      chunk.outLen[i] = written;
      at += written;
    }
  }
}

// Ready once the transformer is built; from then on this thread blocks between rounds (a round
// opened before the first wait is simply done by the other threads).
let seen = chunk.round;
parentPort?.postMessage('ready');
for (;;) {
  seen = chunk.waitForRound(seen);
  if (chunk.kind === KIND_STOP) break;
  chunk.enter();
  try {
    runRound(seen);
  } catch (e) {
    // The main thread transforms what this worker could not, and raises the error there.
    init.port.postMessage({ error: (e as Error).stack ?? String(e) });
  } finally {
    writeCounts(transformer.counts, counts);
    chunk.leave();
  }
}
