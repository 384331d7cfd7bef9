/**
 * The builder's entry point as its callers (CLI `build`, HTTP `POST datasets`, `demo`) use it.
 * Implemented in `build-dataset.ts`.
 */
import type { Millis } from '../domain/time.js';
import type { Policy } from '../policy/policy.js';
import type { Store } from '../storage/store.js';

export interface BuildOptions {
  store: Store;
  policy: Policy;
  asOf: Millis;
  out: string;
  format: 'jsonl' | 'parquet';
  /** Read content from these files (globs of Parquet or JSON Lines) instead of the store. */
  content?: string[];
  /**
   * The content cache's folder (`source/content-cache.ts`). Default: beside a SQLite store's file;
   * a PostgreSQL store has none unless given, and then exports its content at every build.
   */
  contentCache?: string;
  /** Replace a non-empty `out`. */
  force?: boolean;
  /** Allow an as-of moment later than now. */
  allowFuture?: boolean;
  /** Refuse unless the ledger head is at least this seq (fail closed). */
  ledgerMinSeq?: number;
  /** Turn redaction and text transforms off (benchmarks). */
  redaction?: boolean;
  onProgress?: (p: BuildProgress) => void;
}

export interface BuildProgress {
  stage: string;
  done: number;
  total: number;
}

export interface BuildResult {
  datasetId: string;
  out: string;
  manifest: Record<string, unknown>;
  /** Seconds per stage, for benchmarks and the console. */
  timings: Record<string, number>;
}
