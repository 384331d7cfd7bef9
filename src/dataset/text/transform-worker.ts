/**
 * @module Worker thread body of the transform pool: the same `TextTransformer` as the main thread,
 * built from the same facts, answering one chunk at a time on its port and raising a flag in shared
 * memory when the answer is there (the main thread waits for it synchronously: it is inside a
 * DuckDB callback).
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { Entity } from '../../policy/policy.js';
import { compileObjections, type ObjectionIdentifiersInput } from '../../redact/index.js';
import { ObjectionRouter } from './objection-router.js';
import { TextTransformer } from './text-transformer.js';

export interface WorkerInit {
  port: MessagePort;
  flag: SharedArrayBuffer;
  nameable: string[];
  objections: ObjectionIdentifiersInput[];
  entities: Entity[];
}

export type WorkerRequest = { kind: 'all' | 'objections'; texts: (string | null)[] } | { kind: 'counts' };
export type WorkerReply = { texts: (string | null)[] } | { counts: TextTransformer['counts'] } | { error: string };

const init = workerData as WorkerInit;
const flag = new Int32Array(init.flag);
const transformer = new TextTransformer({
  nameable: new Set(init.nameable),
  suppressor: compileObjections(init.objections),
  router: new ObjectionRouter(init.objections),
  entities: new Set(init.entities),
});

function reply(message: WorkerReply): void {
  init.port.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

init.port.on('message', (m: WorkerRequest) => {
  try {
    if (m.kind === 'counts') return reply({ counts: transformer.counts });
    const texts = m.texts;
    for (let i = 0; i < texts.length; i++) {
      const t = texts[i];
      if (t == null) continue;
      texts[i] = m.kind === 'all' ? transformer.transform(t) : transformer.objectionsOnly(t);
    }
    reply({ texts });
  } catch (e) {
    reply({ error: (e as Error).stack ?? String(e) });
  }
});
parentPort?.postMessage('ready');
