/**
 * @module Text transforms on several cores. DuckDB hands its scalar function a chunk (up to 2048
 * texts) on the JavaScript thread and wants the answer before it returns. The pool writes the
 * chunk to shared memory once (`SharedChunk`), wakes the worker threads, and then this thread and
 * the workers claim batches of it until none is left; this thread waits (`Atomics.wait`) for the
 * workers still busy with their last batch and reads the changed texts they wrote. Without
 * workers (one core, or running from TypeScript sources) it is the plain transformer.
 *
 * Measured on the included texts of a 1M-item platform: posting each chunk's texts to a worker
 * (structured clones, one message each way) cost the main thread more than the worker saved it,
 * and a fixed share per thread left the worker idle half of the time.
 */
import os from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { compiledWorker } from '../../ops/compiled-worker.js';
import type { Entity } from '../../policy/policy.js';
import { zeroCounts, type ObjectionIdentifiersInput } from '../../redact/index.js';
import { BATCH, KIND_ALL, KIND_OBJECTIONS, MAIN_ONLY, MAX_ITEMS, NO_TEXT, SharedChunk, sharedChunkMemory, type LaneOutput } from './shared-chunk.js';
import { COUNT_WORDS, readCounts, TextTransformer, type TransformCounts, type TransformFacts } from './text-transformer.js';
import type { WorkerFacts, WorkerInit } from './transform-worker.js';

const WORKER = new URL('./transform-worker.js', import.meta.url);
/** Shared input, and each worker's first output buffer (a worker grows its own when short). */
const INPUT_BYTES = 16 << 20;
const OUTPUT_BYTES = 4 << 20;
/** Below this many texts the main thread does the chunk alone (waking workers costs more). */
const MIN_SHARED = 64;
const WORKER_TIMEOUT_MS = 60_000;

interface Lane {
  worker: Worker;
  port: MessagePort;
  output: Buffer;
  counts: Int32Array;
}

/** Workers by default: the cores but one (that one is this thread's), at most 7; `CONSENTGATE_TRANSFORM_WORKERS` overrides. */
export function defaultWorkers(): number {
  const env = process.env['CONSENTGATE_TRANSFORM_WORKERS'];
  if (env !== undefined && env !== '' && Number.isInteger(Number(env))) return Math.max(0, Number(env));
  return Math.min(7, Math.max(0, os.availableParallelism() - 1));
}

export class TransformPool {
  /** Which items of the round this thread did, and their answers. */
  readonly #mine = new Uint8Array(MAX_ITEMS);
  readonly #answers: (string | null)[] = new Array<string | null>(MAX_ITEMS).fill(null);
  /** This thread's changed texts of a shared round (UTF-8), as a worker's output buffer. */
  readonly #mainOutput: LaneOutput = {
    bytes: Buffer.alloc(1 << 20),
    reserve(used, need) {
      if (used + need <= this.bytes.length) return;
      const grown = Buffer.alloc(Math.max(2 * this.bytes.length, used + need));
      this.bytes.copy(grown, 0, 0, used);
      this.bytes = grown;
    },
  };

  private constructor(readonly main: TextTransformer, private readonly lanes: Lane[], private readonly chunk: SharedChunk | undefined) {}

  get workers(): number {
    return this.lanes.length;
  }

  /** `sizes` of the shared buffers are for tests (small ones make the overflow paths run). */
  static async create(
    facts: TransformFacts, objections: readonly ObjectionIdentifiersInput[], workers = defaultWorkers(),
    sizes: { inputBytes: number; outputBytes: number } = { inputBytes: INPUT_BYTES, outputBytes: OUTPUT_BYTES },
  ): Promise<TransformPool> {
    return TransformPool.start(objections, facts.entities, workers, sizes).ready(facts);
  }

  /**
   * Starts the workers before the build knows who may be named: each compiles the objections
   * (at tens of thousands, a second) while the build decides; `ready` then hands them the rest.
   */
  static start(
    objections: readonly ObjectionIdentifiersInput[], entities: ReadonlySet<Entity>, workers = defaultWorkers(),
    sizes: { inputBytes: number; outputBytes: number } = { inputBytes: INPUT_BYTES, outputBytes: OUTPUT_BYTES },
  ): StartingPool {
    if (!compiledWorker(WORKER) || workers <= 0) return new StartingPool([], undefined);
    const memory = sharedChunkMemory(sizes.inputBytes);
    const list = [...objections];
    const entityList = [...entities] as Entity[];
    const lanes = Array.from({ length: workers }, (_, lane): Lane => {
      const { port1, port2 } = new MessageChannel();
      const output = new SharedArrayBuffer(sizes.outputBytes);
      const counts = new SharedArrayBuffer(4 * COUNT_WORDS);
      const init: WorkerInit = { lane, port: port2, memory, output, counts, objections: list, entities: entityList };
      const worker = new Worker(WORKER, { workerData: init, transferList: [port2] });
      return { worker, port: port1, output: Buffer.from(output), counts: new Int32Array(counts) };
    });
    return new StartingPool(lanes, new SharedChunk(memory));
  }

  /** @internal `StartingPool.ready` makes the pool. */
  static of(main: TextTransformer, lanes: Lane[], chunk: SharedChunk | undefined): TransformPool {
    return new TransformPool(main, lanes, chunk);
  }

  /** Transforms a chunk in place: each text becomes its new text, or null when unchanged. */
  transformChunk(texts: (string | null)[], kind: 'all' | 'objections'): void {
    const own = kind === 'all' ? (t: string) => this.main.transform(t) : (t: string) => this.main.objectionsOnly(t);
    if (this.chunk === undefined || texts.length < MIN_SHARED) {
      for (let i = 0; i < texts.length; i++) texts[i] = texts[i] == null ? null : own(texts[i]!);
      return;
    }
    for (let from = 0; from < texts.length; from += MAX_ITEMS) this.#round(texts, from, Math.min(texts.length, from + MAX_ITEMS), kind, own);
  }

  #round(texts: (string | null)[], from: number, to: number, kind: 'all' | 'objections', own: (t: string) => string | null): void {
    const chunk = this.chunk!;
    const n = to - from;
    // The texts as UTF-8, once; one that might not fit stays with this thread.
    const input = chunk.input;
    let at = 0;
    for (let i = 0; i < n; i++) {
      const t = texts[from + i];
      if (t == null) chunk.inLen[i] = NO_TEXT;
      else if (at + 3 * t.length > input.length) chunk.inLen[i] = MAIN_ONLY;
      else {
        const written = input.write(t, at, 'utf8');
        chunk.inStart[i] = at;
        chunk.inLen[i] = written;
        at += written;
      }
    }
    const mine = this.#mine;
    const answers = this.#answers;
    mine.fill(0, 0, n);
    const round = chunk.open(kind === 'all' ? KIND_ALL : KIND_OBJECTIONS, n);
    for (let first = chunk.claim(round); first >= 0; first = chunk.claim(round)) {
      const end = Math.min(first + BATCH, n);
      for (let i = first; i < end; i++) {
        mine[i] = 1;
        const t = texts[from + i];
        answers[i] = t == null ? null : own(t);
      }
    }
    if (!chunk.waitForWorkers(WORKER_TIMEOUT_MS)) throw new Error('a text transform worker did not finish its batch within a minute');
    this.#drainMessages();
    for (let i = 0; i < n; i++) {
      if (mine[i] === 1) {
        texts[from + i] = answers[i]!;
        answers[i] = null;
        continue;
      }
      const len = chunk.outLen[i]!;
      if (len === NO_TEXT) texts[from + i] = null;
      else if (len === MAIN_ONLY) texts[from + i] = own(texts[from + i]!);
      else {
        const start = chunk.outStart[i]!;
        texts[from + i] = this.lanes[chunk.outLane[i]!]!.output.toString('utf8', start, start + len);
      }
    }
  }

  /**
   * The shared input a caller fills itself (`readVarchars`) before `transformShared`; undefined
   * without workers.
   */
  get shared(): SharedChunk | undefined {
    return this.chunk;
  }

  /**
   * Transforms the `n` texts (n ≤ `MAX_ITEMS`) already in the shared input (`inStart`, `inLen`,
   * `NO_TEXT`) on every thread, and leaves the answers in `outLane`, `outStart`, `outLen` (`NO_TEXT`:
   * unchanged) of the buffers `outputOf(lane)`: no text becomes a string on this thread except
   * those this thread transforms itself.
   */
  transformShared(n: number, kind: 'all' | 'objections'): void {
    const chunk = this.chunk!;
    const own = kind === 'all' ? (t: string) => this.main.transform(t) : (t: string) => this.main.objectionsOnly(t);
    const round = chunk.open(kind === 'all' ? KIND_ALL : KIND_OBJECTIONS, n);
    chunk.transformClaimed(round, this.lanes.length, own, this.#mainOutput);
    if (!chunk.waitForWorkers(WORKER_TIMEOUT_MS)) throw new Error('a text transform worker did not finish its batch within a minute');
    this.#drainMessages();
  }

  /** The buffer of a lane's answers of the last shared round (the last lane is this thread's). */
  outputOf(lane: number): Uint8Array {
    return lane < this.lanes.length ? this.lanes[lane]!.output : this.#mainOutput.bytes;
  }

  /** A worker's grown output buffer, or its error. */
  #drainMessages(): void {
    for (const lane of this.lanes) {
      for (let m = receiveMessageOnPort(lane.port); m !== undefined; m = receiveMessageOnPort(lane.port)) {
        const message = m.message as { output?: SharedArrayBuffer; error?: string };
        if (message.error !== undefined) throw new Error(`text transform worker: ${message.error}`);
        if (message.output !== undefined) lane.output = Buffer.from(message.output);
      }
    }
  }

  /** Counts of every thread together. */
  counts(): TransformCounts {
    const total = new TextTransformer({ nameable: new Set(), suppressor: undefined, entities: new Set() });
    total.add(this.main.counts);
    for (const lane of this.lanes) total.add(readCounts(lane.counts));
    return { ...total.counts, redactions: { ...zeroCounts(), ...total.counts.redactions } };
  }

  async close(): Promise<void> {
    this.chunk?.stop();
    await Promise.all(this.lanes.map((l) => {
      l.port.close();
      return l.worker.terminate();
    }));
  }
}

/** Workers started by `TransformPool.start`, compiling the objections; `ready` makes the pool. */
export class StartingPool {
  /** Settles when the worker has built its transformer (after `ready`), or fails with it. */
  readonly #ready: Promise<void>[];
  #taken = false;

  constructor(private readonly lanes: Lane[], private readonly chunk: SharedChunk | undefined) {
    this.#ready = lanes.map((l) => new Promise<void>((resolve, reject) => {
      l.worker.once('message', () => resolve());
      l.worker.once('error', reject);
      l.worker.once('exit', (code) => reject(new Error(`a text transform worker exited (${code}) before it was ready`)));
    }));
    // A worker that fails before `ready` is asked fails `ready`; until then its error waits.
    for (const r of this.#ready) r.catch(() => undefined);
  }

  /** Hands the workers who may be named and waits until each has built its transformer. */
  async ready(facts: TransformFacts): Promise<TransformPool> {
    if (this.#taken) throw new Error('internal: a starting pool is made ready once');
    this.#taken = true;
    const message: WorkerFacts = { nameable: [...facts.nameable] };
    for (const l of this.lanes) l.worker.postMessage(message);
    try {
      await Promise.all(this.#ready);
    } catch (e) {
      await this.#terminate();
      throw e;
    }
    return TransformPool.of(new TextTransformer(facts), this.lanes, this.chunk);
  }

  /** Stops the workers when no pool was made of them (a build that failed first). */
  async close(): Promise<void> {
    if (this.#taken) return;
    this.#taken = true;
    await this.#terminate();
  }

  async #terminate(): Promise<void> {
    await Promise.all(this.lanes.map((l) => {
      l.port.close();
      return l.worker.terminate();
    }));
  }
}
