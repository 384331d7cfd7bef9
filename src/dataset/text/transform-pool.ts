/**
 * @module Text transforms on several cores. DuckDB hands its scalar function a chunk (up to 2048
 * texts) on the JavaScript thread and wants the answer before it returns; the pool deals the chunk
 * out to worker threads (every k-th text, so slow texts spread evenly), does its own share, then
 * waits synchronously (`Atomics.wait`) for each worker's flag and takes its answer with
 * `receiveMessageOnPort`. Without workers (one core, or running from TypeScript sources) it is the
 * plain transformer.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Entity } from '../../policy/policy.js';
import { zeroCounts, type ObjectionIdentifiersInput } from '../../redact/index.js';
import { TextTransformer, type TransformCounts, type TransformFacts } from './text-transformer.js';
import type { WorkerReply, WorkerRequest } from './transform-worker.js';

const WORKER = new URL('./transform-worker.js', import.meta.url);

interface Lane {
  worker: Worker;
  port: MessagePort;
  flag: Int32Array;
}

/** Workers by default: the cores but one (that one is this thread's), at most 7; `CONSENTGATE_TRANSFORM_WORKERS` overrides. */
export function defaultWorkers(): number {
  const env = process.env['CONSENTGATE_TRANSFORM_WORKERS'];
  if (env !== undefined && env !== '' && Number.isInteger(Number(env))) return Math.max(0, Number(env));
  return Math.min(7, Math.max(0, os.availableParallelism() - 1));
}

export class TransformPool {
  private constructor(readonly main: TextTransformer, private readonly lanes: Lane[]) {}

  get workers(): number {
    return this.lanes.length;
  }

  static async create(facts: TransformFacts, objections: readonly ObjectionIdentifiersInput[], workers = defaultWorkers()): Promise<TransformPool> {
    const main = new TextTransformer(facts);
    const compiled = WORKER.protocol === 'file:' && existsSync(fileURLToPath(WORKER));
    if (!compiled || workers <= 0) return new TransformPool(main, []);
    const nameable = [...facts.nameable];
    const entities = [...facts.entities] as Entity[];
    const lanes = await Promise.all(Array.from({ length: workers }, async (): Promise<Lane> => {
      const { port1, port2 } = new MessageChannel();
      const flag = new SharedArrayBuffer(4);
      const worker = new Worker(WORKER, { workerData: { port: port2, flag, nameable, objections, entities }, transferList: [port2] });
      await new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', reject);
      });
      return { worker, port: port1, flag: new Int32Array(flag) };
    }));
    return new TransformPool(main, lanes);
  }

  #ask(lane: Lane, request: WorkerRequest): void {
    Atomics.store(lane.flag, 0, 0);
    lane.port.postMessage(request);
  }

  #answer(lane: Lane): WorkerReply {
    while (Atomics.load(lane.flag, 0) === 0) {
      if (Atomics.wait(lane.flag, 0, 0, 60_000) === 'timed-out' && Atomics.load(lane.flag, 0) === 0) throw new Error('a text transform worker did not answer within a minute');
    }
    const m = receiveMessageOnPort(lane.port);
    if (m === undefined) throw new Error('a text transform worker raised its flag without an answer');
    const reply = m.message as WorkerReply;
    if ('error' in reply) throw new Error(`text transform worker: ${reply.error}`);
    return reply;
  }

  /** Transforms a chunk in place: each text becomes its new text, or null when unchanged. */
  transformChunk(texts: (string | null)[], kind: 'all' | 'objections'): void {
    const k = this.lanes.length + 1;
    const own = kind === 'all' ? (t: string) => this.main.transform(t) : (t: string) => this.main.objectionsOnly(t);
    if (k === 1 || texts.length < 64) {
      for (let i = 0; i < texts.length; i++) texts[i] = texts[i] == null ? null : own(texts[i]!);
      return;
    }
    this.lanes.forEach((lane, w) => {
      const part: (string | null)[] = [];
      for (let i = w + 1; i < texts.length; i += k) part.push(texts[i] ?? null);
      this.#ask(lane, { kind, texts: part });
    });
    for (let i = 0; i < texts.length; i += k) texts[i] = texts[i] == null ? null : own(texts[i]!);
    this.lanes.forEach((lane, w) => {
      const reply = this.#answer(lane);
      if (!('texts' in reply)) throw new Error('a text transform worker answered out of turn');
      let j = 0;
      for (let i = w + 1; i < texts.length; i += k) texts[i] = reply.texts[j++] ?? null;
    });
  }

  /** Counts of every thread together. */
  counts(): TransformCounts {
    const total = new TextTransformer({ nameable: new Set(), suppressor: undefined, router: undefined, entities: new Set() });
    total.add(this.main.counts);
    for (const lane of this.lanes) {
      this.#ask(lane, { kind: 'counts' });
      const reply = this.#answer(lane);
      if (!('counts' in reply)) throw new Error('a text transform worker answered out of turn');
      total.add(reply.counts);
    }
    return { ...total.counts, redactions: { ...zeroCounts(), ...total.counts.redactions } };
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map((l) => {
      l.port.close();
      return l.worker.terminate();
    }));
  }
}
