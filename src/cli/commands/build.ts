/**
 * @module `consentgate build` (spec §6): a dataset as of a moment, or with `--explain-sql` the SQL it
 * would run. Prints a JSON summary on stdout; a progress bar with rows/s and ETA on stderr when it
 * is a terminal.
 */
import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { buildDataset, checkBuildOptions } from '../../dataset/build-dataset.js';
import { compileBuildSql } from '../../dataset/build-sql.js';
import type { BuildProgress } from '../../dataset/build-types.js';
import { textSql } from '../../dataset/text/text-transformer.js';
import { ConsentgateError } from '../../domain/issues.js';
import { loadPolicy } from '../../policy/load-policy.js';
import { compileObjections } from '../../redact/index.js';
import { openStore } from '../../storage/open-store.js';
import { SqliteStore } from '../../storage/sqlite/sqlite-store.js';
import type { Store } from '../../storage/store.js';
import { intOption, timeOption } from '../options.js';
import { progressBar, type Progress } from '../progress.js';

interface BuildFlags {
  db?: string;
  policy?: string;
  content?: string[];
  asOf: string;
  out?: string;
  format: string;
  force?: boolean;
  allowFuture?: boolean;
  ledgerMinSeq?: string;
  redaction: boolean;
  explainSql?: boolean;
  contentCache?: string;
}

const LABELS: Record<string, string> = { content: 'content cache', standings: 'members', write: 'build' };

/** One bar per stage that reports progress; rows as the unit. */
function stageBars(): { onProgress: (p: BuildProgress) => void; stop(): void } {
  let stage: string | undefined;
  let bar: Progress | undefined;
  return {
    onProgress(p) {
      if (p.total <= 0) return;
      if (p.stage !== stage) {
        bar?.stop();
        stage = p.stage;
        bar = progressBar(LABELS[p.stage] ?? p.stage, 'rows', 1);
      }
      bar?.update(p.done, p.total);
    },
    stop() {
      bar?.stop();
    },
  };
}

/** `--content-cache`, else `$CONSENTGATE_CONTENT_CACHE`, as an absolute path. */
function contentCacheOption(flag: string | undefined): { contentCache?: string } {
  const dir = flag ?? process.env['CONSENTGATE_CONTENT_CACHE'];
  return dir === undefined || dir === '' ? {} : { contentCache: resolve(dir) };
}

/** The `ord` range the content scan will have (for printing the SQL; a build takes it from the cache). */
async function ordRange(store: Store): Promise<{ minOrd: number; maxOrd: number }> {
  if (store instanceof SqliteStore) {
    const r = store.db.prepare('SELECT min(ord) AS lo, max(ord) AS hi FROM content_rows').get() as { lo: number | null; hi: number | null };
    return { minOrd: r.lo ?? 1, maxOrd: r.hi ?? 1 };
  }
  return { minOrd: 1, maxOrd: Math.max(1, (await store.counts()).items) };
}

export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('build a training dataset as of a moment: decided by the policy, redacted, with manifest, dataset card, Merkle root and lineage')
    .option('--db <path|url>', 'the store (default $CONSENTGATE_DB, $DATABASE_URL or ./consentgate.db)')
    .option('--policy <file>', 'the policy (default: the bundled policies/genai-2025.yaml)')
    .option('--content <files...>', "read content from the platform's own Parquet or JSON Lines files (globs, e.g. 'lake/*.parquet') instead of the store")
    .requiredOption('--as-of <time>', 'the moment the dataset obeys (RFC 3339 or a date)')
    .option('--out <dir>', 'the output folder (refused when not empty, unless --force)')
    .option('--format <format>', 'jsonl or parquet', 'jsonl')
    .option('--force', 'replace a non-empty --out')
    .option('--allow-future', 'allow an as-of moment later than now')
    .option('--ledger-min-seq <n>', 'refuse unless the ledger head is at least this seq (a head recorded elsewhere)')
    .option('--content-cache <dir>', "the content cache's folder (default $CONSENTGATE_CONTENT_CACHE, else beside a SQLite store; a PostgreSQL store without one exports its content at every build)")
    .option('--no-redaction', 'leave text as stored: no mentions, objections or redaction (benchmarks only)')
    .option('--explain-sql', 'print the SQL the build runs, and exit')
    .action(async (opts: BuildFlags) => {
      const asOf = timeOption(opts.asOf, '--as-of');
      const format = opts.format as 'jsonl' | 'parquet';
      checkBuildOptions({ asOf, format, allowFuture: opts.allowFuture === true });
      const ledgerMinSeq = opts.ledgerMinSeq === undefined ? undefined : intOption(opts.ledgerMinSeq, '--ledger-min-seq', 0);
      const policy = loadPolicy(opts.policy);
      if (opts.explainSql === true) {
        const out = resolve(opts.out ?? 'DATASET');
        const store = await openStore(opts.db);
        try {
          const objections = opts.redaction ? compileObjections((await store.objections(asOf)).flatMap((o) => (o.identifiers ? [o.identifiers] : []))) : undefined;
          const sql = compileBuildSql(policy, {
            asOf, format, dataPath: join(out, `data.${format}`), idsPath: join(out, 'ids.txt'), lineagePath: join(out, '.lineage.tsv'),
            text: opts.redaction ? textSql('c.text', { entities: policy.redact, objections: objections !== undefined && objections.size > 0 }) : null,
            scanOrder: opts.content !== undefined ? null : await ordRange(store),
          });
          const parts: [string, string][] = [
            ['decisions, stage 1: the item rules (no text; runs while the standings are computed)', sql.items],
            ['decisions, stage 2: the rules about the person (materialised once)', sql.decision],
            ['counts per reason', sql.counts],
            ...(sql.included !== null ? [['the included rows as a bitmap over ord: the data file is then a filtered scan, in id order', sql.included] as [string, string]] : []),
            ...(sql.useIncluded !== null ? [['on each connection that filters by it: the bitmap as a variable, and its count (checked)', sql.useIncluded.join(';\n')] as [string, string]] : []),
            ['the data file', sql.data],
            ...(sql.orderCheck !== null ? [['the data file against ids.txt (the scan kept id order)', sql.orderCheck] as [string, string]] : []),
            ['ids.txt (Merkle leaves)', sql.ids],
            ['lineage', sql.lineage],
          ];
          process.stdout.write(`${parts.map(([title, s]) => `-- ${title}\n${s};\n`).join('\n')}`);
        } finally {
          await store.close();
        }
        return;
      }
      if (opts.out === undefined) throw new ConsentgateError('bad-option', [{ field: '--out', message: 'name the output folder with --out' }]);
      const store = await openStore(opts.db);
      const bars = stageBars();
      try {
        const result = await buildDataset({
          store, policy, asOf, out: opts.out, format,
          ...(opts.content !== undefined ? { content: opts.content } : {}),
          ...contentCacheOption(opts.contentCache),
          force: opts.force === true, allowFuture: opts.allowFuture === true,
          ...(ledgerMinSeq !== undefined ? { ledgerMinSeq } : {}),
          // Progress only for a terminal: otherwise nobody sees it, and DuckDB need not track it.
          redaction: opts.redaction, ...(process.stderr.isTTY ? { onProgress: bars.onProgress } : {}),
        });
        bars.stop();
        const m = result.manifest as { counts: unknown; merkleRoot: string; ledger: unknown; files: unknown; asOf: string };
        process.stdout.write(`${JSON.stringify({ datasetId: result.datasetId, out: result.out, asOf: m.asOf, ledger: m.ledger, counts: m.counts, merkleRoot: m.merkleRoot, files: m.files, seconds: result.timings['total'] })}\n`);
      } finally {
        bars.stop();
        await store.close();
      }
    });
}
