/** @module Seconds per build stage, for the manifest's `build.stages`, the console and benchmarks. */
export class StageTimer {
  readonly stages: Record<string, number> = {};
  readonly #started = performance.now();

  async time<T>(stage: string, fn: () => Promise<T>): Promise<T> {
    const t = performance.now();
    try {
      return await fn();
    } finally {
      this.stages[stage] = round((this.stages[stage] ?? 0) + (performance.now() - t) / 1000);
    }
  }

  get total(): number {
    return round((performance.now() - this.#started) / 1000);
  }
}

function round(s: number): number {
  return Math.round(s * 1000) / 1000;
}
