/** @module The refusals of a build (spec §6, fail closed), each one clear error for the person who asked. */
import type { ChainCheck } from '../ledger/chain.js';
import type { LedgerHead } from '../ledger/entry.js';
import { ConsentgateError } from '../domain/issues.js';
import { formatTime, type Millis } from '../domain/time.js';
import type { BuildOptions } from './build-types.js';

/** Refusals that need no data: a moment in the future, a bad format. */
export function checkBuildOptions(options: Pick<BuildOptions, 'asOf' | 'format' | 'allowFuture'>, now: Millis = Date.now()): void {
  if (!Number.isSafeInteger(options.asOf)) throw new ConsentgateError('bad-option', [{ field: '--as-of', message: 'the as-of moment is not a time' }]);
  if (options.asOf > now && options.allowFuture !== true) {
    throw new ConsentgateError('as-of-future', [{ field: '--as-of', message: `${formatTime(options.asOf)} is later than now (${formatTime(now)}); a build as of the future needs --allow-future`, received: formatTime(options.asOf) }]);
  }
  if (options.format !== 'jsonl' && options.format !== 'parquet') {
    throw new ConsentgateError('bad-option', [{ field: '--format', message: 'the format is jsonl or parquet', expected: 'jsonl or parquet', received: String(options.format) }]);
  }
}

/** Refuses a head below `minSeq` (spec §6: a head recorded elsewhere shows dropped entries). */
export function checkMinSeq(head: LedgerHead, minSeq: number | undefined): void {
  if (minSeq !== undefined && head.seq < minSeq) {
    throw new ConsentgateError('ledger-behind', [{ field: '--ledger-min-seq', message: `the ledger head is seq ${head.seq}, below the required ${minSeq}: entries may have been dropped; refusing to build`, expected: `seq >= ${minSeq}`, received: String(head.seq) }]);
  }
}

/** Refuses a ledger that does not verify, or whose verified chain stops before the head the build read. */
export function checkVerification(check: ChainCheck, head: LedgerHead): void {
  if (!check.ok) {
    throw new ConsentgateError('ledger-invalid', [{ message: `the ledger does not verify (first bad seq: ${check.firstBadSeq}: ${check.why}); refusing to build` }]);
  }
  if (check.head.seq < head.seq) {
    throw new ConsentgateError('ledger-invalid', [{ message: `the ledger check ended at seq ${check.head.seq}, before the head ${head.seq} the build read; refusing to build` }]);
  }
}
