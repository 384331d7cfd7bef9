/**
 * @module Worker thread body of the transform pool: the same `TextTransformer` as the main thread,
 * built from the same facts, claiming batches of each chunk from shared memory (`SharedChunk`)
 * and writing the changed texts to its own output buffer. It blocks between rounds
 * (`Atomics.wait`): the main thread is inside a DuckDB callback and waits synchronously too.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { Entity } from '../../policy/policy.js';
import { compileObjections, type ObjectionIdentifiersInput } from '../../redact/index.js';
import { KIND_ALL, KIND_STOP, SharedChunk, type LaneOutput, type SharedChunkMemory } from './shared-chunk.js';
import { TextTransformer, writeCounts } from './text-transformer.js';

export interface WorkerInit {
  lane: number;
  /** Where the worker posts a grown output buffer (`{ output }`), read by the main thread after the round. */
  port: MessagePort;
  memory: SharedChunkMemory;
  output: SharedArrayBuffer;
  /** The worker's counts (`writeCounts`), updated after each round. */
  counts: SharedArrayBuffer;
  objections: ObjectionIdentifiersInput[];
  entities: Entity[];
}

/** The one message the worker waits for once started: who may be named, known only once the build has decided. */
export interface WorkerFacts {
  nameable: string[];
}

const init = workerData as WorkerInit;
// The objections are compiled as soon as the worker starts, while the build is still deciding.
const suppressor = compileObjections(init.objections);
const entities = new Set(init.entities);
let transformer: TextTransformer;
const chunk = new SharedChunk(init.memory);
const counts = new Int32Array(init.counts);
/** This worker's output buffer; a grown one is posted to the main thread, which reads it after the round. */
const output: LaneOutput = {
  bytes: Buffer.from(init.output),
  reserve(used, need) {
    if (used + need <= this.bytes.length) return;
    const grown = Buffer.from(new SharedArrayBuffer(Math.max(2 * this.bytes.length, used + need)));
    this.bytes.copy(grown, 0, 0, used);
    this.bytes = grown;
    init.port.postMessage({ output: grown.buffer });
  },
};

function runRound(round: number): void {
  const transform = chunk.kind === KIND_ALL ? (t: string) => transformer.transform(t) : (t: string) => transformer.objectionsOnly(t);
  chunk.transformClaimed(round, init.lane, transform, output);
}

// Ready once the transformer is built; from then on this thread blocks between rounds (a round
// opened before the first wait is simply done by the other threads).
function serve(): void {
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
}

parentPort?.once('message', (facts: WorkerFacts) => {
  transformer = new TextTransformer({ nameable: new Set(facts.nameable), suppressor, entities });
  serve();
});
