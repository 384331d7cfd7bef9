/**
 * The files of one import as parsed batches, in the fixed import order and in line order. Large
 * imports parse on a worker thread (reading, decoding, JSON, validation, personal-data HMACs and
 * entry keys), so that the main thread only checks against the store and writes: on two cores the
 * two halves overlap. The worker runs a few batches ahead and no more (memory stays flat).
 * Without the compiled worker (under a TypeScript test runner) or for small files, the same
 * `parseBatch` runs here.
 */
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { compiledWorker } from '../ops/compiled-worker.js';
import type { LedgerHead } from '../ledger/entry.js';
import { ChainAhead } from '../ledger/seal.js';
import { copyAhead } from '../storage/postgres/postgres-ledger-copy.js';
import { decodeBatch, type EncodedBatch, type SpareBuffers } from './batch-codec.js';
import { lineBatches } from './line-batches.js';
import { parseBatch, type ImportKind, type ParsedBatch } from './parse-batch.js';

export interface ImportFile {
  kind: ImportKind;
  path: string;
}

export interface Parsed {
  batch: ParsedBatch;
  /** Bytes of this batch's file consumed so far. */
  bytes: number;
}

/** What the worker is told: the files in order and the store's HMAC secret. */
export interface ParseJob {
  files: ImportFile[];
  secret: Uint8Array;
  /**
   * The ledger's head as last read, for the worker to seal ahead from (see `ChainAhead`); without
   * it the worker sends each entry's body alone and the receiving thread keys and seals it (see `decodeBatch`).
   */
  head?: LedgerHead;
  /** Write the ledger's rows as PostgreSQL COPY text too (see `copyAhead`), so the writer only streams them. */
  copy?: boolean;
  /** Lines a batch (`BATCH_LINES` where absent). */
  batchLines?: number;
}

export type WorkerMessage = { type: 'batch'; encoded: EncodedBatch; bytes: number } | { type: 'end' } | { type: 'fail'; message: string; stack?: string };

const WORKER = new URL('./parse-worker.js', import.meta.url);
/**
 * Lines a batch, by default. Small enough that a batch's objects are mostly gone by the next
 * scavenge, on either thread: what is alive then is copied, and V8's helper threads copy it too, on
 * cores the two threads need. With 4,096 the parser kept copying 60-80 MB of survivors per scavenge
 * (324k consent events of the 1M-member platform, parsed on one thread with single-threaded GC:
 * 9.3 s against 6.0 s of CPU). With 1,024 the writer still copied 2.4-3 MB of decoded entries per
 * scavenge, 0.6-0.7 s of its time and 0.7-0.9 s of helper threads; with 256, 0.4 MB, 0.2-0.25 s
 * and 0.05 s (the 322,776 consent events: 7.6-8.1 CPU-s against 9.3-10.4, in the same hour). A
 * backend that sends each batch as one statement may ask for larger ones (`ImportSession.batchLines`).
 */
export const BATCH_LINES = 256;
/** Batches the worker may be ahead of the writer. */
export const AHEAD = 16;
/** Below this many bytes a worker costs more to start than it saves. */
const WORKER_MIN_BYTES = 4 << 20;

export function workerAvailable(): boolean {
  return compiledWorker(WORKER);
}

export async function* parsedBatches(files: readonly ImportFile[], secret: Buffer, options: { totalBytes: number; worker?: boolean; head?: LedgerHead; copy?: boolean; batchLines?: number }): AsyncGenerator<Parsed> {
  const useWorker = (options.worker ?? options.totalBytes >= WORKER_MIN_BYTES) && workerAvailable();
  const batchLines = options.batchLines ?? BATCH_LINES;
  if (!useWorker) {
    // Sealing ahead here saves nothing, but COPY text needs it.
    yield* parseHere(files, secret, options.copy === true ? options.head : undefined, options.copy, false, batchLines);
    return;
  }
  const job: ParseJob = { files: [...files], secret: new Uint8Array(secret), batchLines };
  const sealHere = options.head !== undefined && options.copy !== true && mostlyConsent(files);
  if (options.head !== undefined && !sealHere) job.head = options.head;
  if (options.copy === true) job.copy = true;
  yield* parseOnWorker(job, sealHere ? new ChainAhead(options.head!) : undefined);
}

/**
 * Whether consent lines are at least half the ledger's bytes. Then the writer's thread makes each
 * entry's canonical JSON, key and seal (the chain hash, the one step that must run in order) and
 * the worker sends bodies: a consent line with
 * its evidence costs the parser about twice what it costs the writer (322,776 consent events:
 * worker 5.3-7.4 s of CPU against 2.6-3 s for the writer before its index builds and commit),
 * while notices, short lines, cost the writer more (787k notices and objections: 6-7.3 s against
 * 9.4-10.4 s), so there the worker keeps sealing. COPY text is written on the worker: it seals there.
 */
function mostlyConsent(files: readonly ImportFile[]): boolean {
  let consent = 0;
  let ledger = 0;
  for (const { kind, path } of files) {
    if (kind !== 'consent' && kind !== 'notices' && kind !== 'objections') continue;
    const size = statSync(path).size;
    ledger += size;
    if (kind === 'consent') consent += size;
  }
  return consent > 0 && consent * 2 >= ledger;
}

/** `bodiesOnly`: ledger entries stop at their bodies (see `parseBatch`). */
export async function* parseHere(files: readonly ImportFile[], secret: Buffer, head?: LedgerHead, copy = false, bodiesOnly = false, batchLines = BATCH_LINES): AsyncGenerator<Parsed> {
  const chain = head === undefined ? undefined : new ChainAhead(head);
  for (const { kind, path } of files) {
    for await (const lines of lineBatches(path, batchLines)) {
      const batch = parseBatch(kind, path, lines.first, lines.lines, secret, chain, bodiesOnly);
      if (copy && (batch.kind === 'consent' || batch.kind === 'notices' || batch.kind === 'objections')) {
        const text = copyAhead(batch.values);
        if (text !== undefined) batch.copy = text;
      }
      yield { batch, bytes: lines.bytes };
      if (batch.bad) return;
    }
  }
}

async function* parseOnWorker(job: ParseJob, chain?: ChainAhead): AsyncGenerator<Parsed> {
  // A larger young generation: parsing allocates many short-lived objects, and with a small one most
  // of a batch is still alive at each scavenge and is copied. Measured on 1M consent events (worker
  // CPU, single-threaded GC): 96 MB 24.8 s (183 scavenges, 12.8 s of them), 128 MB 12.8 s (95, 3.1 s),
  // 256 MB 12.3 s for 140 MB more peak RSS.
  const worker = new Worker(WORKER, { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: 128 } });
  const queue: WorkerMessage[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  let exited = false;
  worker.on('message', (m: WorkerMessage) => {
    queue.push(m);
    wake?.();
  });
  worker.on('error', (e) => {
    failure = e;
    wake?.();
  });
  worker.on('exit', () => {
    exited = true;
    wake?.();
  });
  try {
    for (;;) {
      const m = queue.shift();
      if (m === undefined) {
        if (failure) throw failure;
        if (exited) throw new Error('the import parsing worker stopped unexpectedly');
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      if (m.type === 'end') return;
      if (m.type === 'fail') throw Object.assign(new Error(m.message), m.stack === undefined ? {} : { stack: m.stack });
      const batch = decodeBatch(m.encoded, chain);
      // Read: its buffers go back for a later batch (and say that the worker may parse one more).
      const { bytes, meta } = m.encoded;
      worker.postMessage({ bytes: bytes.buffer, meta: meta.buffer } satisfies SpareBuffers, [bytes.buffer, meta.buffer]);
      yield { batch, bytes: m.bytes };
      if (batch.bad) return;
    }
  } finally {
    await worker.terminate();
  }
}
