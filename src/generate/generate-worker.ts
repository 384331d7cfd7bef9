/**
 * A worker thread of `generatePlatform`: makes the blocks of members it is sent and answers each
 * with its output, the encoded lines transferred rather than copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BlockMaker, transferables, type BlockInput, type PlatformPlan } from './block.js';

const port = parentPort;
if (port === null) throw new Error('generate-worker must run in a worker thread');
const maker = new BlockMaker(workerData as PlatformPlan);
port.on('message', (input: BlockInput) => {
  const out = maker.make(input);
  port.postMessage(out, transferables(out));
});
