/**
 * @module A chunk of texts in shared memory, for the transform pool: the main thread writes the
 * chunk's texts as UTF-8 once, and every thread (the main one and the workers) claims batches of
 * it from one counter until none is left, so that a slow text or a slow thread does not hold the
 * others up. A worker writes each changed text (UTF-8) to its own output buffer; an unchanged text
 * costs nothing to send back. No message is posted per chunk, and no string is cloned.
 *
 * The claim counter holds the round's number beside the next index, so that a worker that wakes
 * late, after its round was over, cannot claim items of the next one by mistake.
 */

/** Items per round; a longer chunk is done in several rounds. */
export const MAX_ITEMS = 4096;
/** Items per claim. */
export const BATCH = 16;
const INDEX_BITS = 13; // MAX_ITEMS + BATCH < 2^13
const INDEX_MASK = (1 << INDEX_BITS) - 1;
const ROUND_MASK = (1 << (31 - INDEX_BITS)) - 1;

/** Control words. */
const ROUND = 0;
const NEXT = 1;
const COUNT = 2;
const KIND = 3;
const ACTIVE = 4;
const CONTROL_WORDS = 8;

export const KIND_ALL = 1;
export const KIND_OBJECTIONS = 2;
export const KIND_STOP = 3;

/** `inLen`: no text (SQL NULL); `outLen`: unchanged. */
export const NO_TEXT = -1;
/** The text did not fit the shared input: the main thread transforms it. */
export const MAIN_ONLY = -2;

/**
 * Where a thread writes the changed texts of a round: `reserve` makes room for `need` bytes after
 * the `used` ones (a larger `bytes`, the used part copied, when short).
 */
export interface LaneOutput {
  bytes: Buffer;
  reserve(used: number, need: number): void;
}

/** The shared memory of a pool, as handed to its workers. */
export interface SharedChunkMemory {
  control: SharedArrayBuffer;
  items: SharedArrayBuffer;
  input: SharedArrayBuffer;
}

export function sharedChunkMemory(inputBytes: number): SharedChunkMemory {
  return {
    control: new SharedArrayBuffer(4 * CONTROL_WORDS),
    items: new SharedArrayBuffer(4 * 5 * MAX_ITEMS),
    input: new SharedArrayBuffer(inputBytes),
  };
}

export class SharedChunk {
  readonly control: Int32Array;
  /** Where each text starts in `input` and its length in bytes (or `NO_TEXT`, `MAIN_ONLY`). */
  readonly inStart: Int32Array;
  readonly inLen: Int32Array;
  /** Which worker transformed the item, where its new text starts in that worker's output, its length (or `NO_TEXT`). */
  readonly outLane: Int32Array;
  readonly outStart: Int32Array;
  readonly outLen: Int32Array;
  readonly input: Buffer;

  constructor(readonly memory: SharedChunkMemory) {
    this.control = new Int32Array(memory.control);
    const items = memory.items;
    const view = (k: number): Int32Array => new Int32Array(items, 4 * k * MAX_ITEMS, MAX_ITEMS);
    this.inStart = view(0);
    this.inLen = view(1);
    this.outLane = view(2);
    this.outStart = view(3);
    this.outLen = view(4);
    this.input = Buffer.from(memory.input);
  }

  get round(): number {
    return Atomics.load(this.control, ROUND);
  }

  get kind(): number {
    return Atomics.load(this.control, KIND);
  }

  get count(): number {
    return Atomics.load(this.control, COUNT);
  }

  /** Main thread: opens a round over the `count` items written, and wakes the workers. */
  open(kind: number, count: number): number {
    const round = (this.round + 1) & ROUND_MASK;
    Atomics.store(this.control, COUNT, count);
    Atomics.store(this.control, KIND, kind);
    Atomics.store(this.control, NEXT, round << INDEX_BITS);
    Atomics.store(this.control, ROUND, round);
    Atomics.notify(this.control, ROUND);
    return round;
  }

  /** Main thread: tells the workers to stop. */
  stop(): void {
    Atomics.store(this.control, KIND, KIND_STOP);
    Atomics.store(this.control, ROUND, (this.round + 1) & ROUND_MASK);
    Atomics.notify(this.control, ROUND);
  }

  /** The first index of a batch of the round, or -1 when the round has none left. */
  claim(round: number): number {
    for (;;) {
      const v = Atomics.load(this.control, NEXT);
      if (v >>> INDEX_BITS !== round) return -1;
      const i = v & INDEX_MASK;
      if (i >= Atomics.load(this.control, COUNT)) return -1;
      if (Atomics.compareExchange(this.control, NEXT, v, v + BATCH) === v) return i;
    }
  }

  /**
   * Claims batches of the round until none is left, as `lane`: transforms each text and writes a
   * changed one (UTF-8) to `output`; sets `outLane`, `outStart` and `outLen` (`NO_TEXT`: no text or
   * unchanged; `MAIN_ONLY` passed on).
   */
  transformClaimed(round: number, lane: number, transform: (text: string) => string | null, output: LaneOutput): void {
    const n = this.count;
    let used = 0;
    for (let first = this.claim(round); first >= 0; first = this.claim(round)) {
      const end = Math.min(first + BATCH, n);
      for (let i = first; i < end; i++) {
        this.outLane[i] = lane;
        const len = this.inLen[i]!;
        if (len < 0) {
          this.outLen[i] = len === MAIN_ONLY ? MAIN_ONLY : NO_TEXT;
          continue;
        }
        const start = this.inStart[i]!;
        const out = transform(this.input.toString('utf8', start, start + len));
        if (out === null) {
          this.outLen[i] = NO_TEXT;
          continue;
        }
        output.reserve(used, 3 * out.length);
        const written = output.bytes.write(out, used, 'utf8');
        this.outStart[i] = used;
        this.outLen[i] = written;
        used += written;
      }
    }
  }

  /** Worker: waits until a round other than `seen` is open. */
  waitForRound(seen: number): number {
    Atomics.wait(this.control, ROUND, seen);
    return this.round;
  }

  /** Worker: counts itself in before claiming (the main thread waits for it to be out again). */
  enter(): void {
    Atomics.add(this.control, ACTIVE, 1);
  }

  leave(): void {
    if (Atomics.sub(this.control, ACTIVE, 1) === 1) Atomics.notify(this.control, ACTIVE);
  }

  /** Main thread: waits until no worker is inside a round; false when that took longer than `ms`. */
  waitForWorkers(ms: number): boolean {
    const until = Date.now() + ms;
    for (;;) {
      const a = Atomics.load(this.control, ACTIVE);
      if (a === 0) return true;
      const left = until - Date.now();
      if (left <= 0) return false;
      Atomics.wait(this.control, ACTIVE, a, left);
    }
  }
}
