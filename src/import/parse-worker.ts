/**
 * Worker thread body of `parsedBatches`: parses the files of one import in order and posts each
 * batch, at most `AHEAD` batches ahead of the writer (which answers each batch with its buffers, to reuse).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { encodeBatch, type SpareBuffers } from './batch-codec.js';
import { AHEAD, parseHere, type ParseJob, type WorkerMessage } from './parsed-batches.js';

const port = parentPort!;
const job = workerData as ParseJob;
let credit = AHEAD;
let wake: (() => void) | undefined;
/** Buffers of batches the writer has read (it answers each batch with them). */
const spare: SpareBuffers[] = [];
port.on('message', (m: SpareBuffers) => {
  credit++;
  spare.push(m);
  wake?.();
});

const post = (m: WorkerMessage): void => port.postMessage(m);

try {
  for await (const parsed of parseHere(job.files, Buffer.from(job.secret), job.head, job.copy, job.head === undefined, job.batchLines)) {
    while (credit === 0) {
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
    credit--;
    const encoded = encodeBatch(parsed.batch, spare.pop());
    const transfer: ArrayBuffer[] = [encoded.bytes.buffer, encoded.recordBytes.buffer, encoded.meta.buffer, encoded.lineNos.buffer];
    if (encoded.copy) transfer.push(encoded.copy.ledger.buffer as ArrayBuffer, encoded.copy.personalData.buffer as ArrayBuffer);
    port.postMessage({ type: 'batch', encoded, bytes: parsed.bytes } satisfies WorkerMessage, transfer);
  }
  post({ type: 'end' });
} catch (e) {
  const err = e as Error;
  post(err.stack === undefined ? { type: 'fail', message: String(err.message ?? err) } : { type: 'fail', message: String(err.message), stack: err.stack });
}
port.close();
