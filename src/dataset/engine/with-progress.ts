/** @module DuckDB's progress, polled while a statement runs, as build progress (rows of a total). */
import type { BuildProgress } from '../build-types.js';
import type { Duck } from './duck.js';

/** Polls DuckDB's progress while `run` runs, for the progress bar. */
export async function withProgress<T>(duck: Duck, total: number, stage: string, report: ((p: BuildProgress) => void) | undefined, run: () => Promise<T>): Promise<T> {
  if (report === undefined) return run();
  const timer = setInterval(() => {
    const pct = duck.progress();
    if (pct >= 0) report({ stage, done: Math.round((pct / 100) * total), total });
  }, 250);
  try {
    const out = await run();
    report({ stage, done: total, total });
    return out;
  } finally {
    clearInterval(timer);
  }
}
