/**
 * @module `buildDataset` (spec §4–§6): a training corpus as of any moment, decided exactly as `decide`
 * decides, with text transformed and redacted, a manifest, a dataset card, a Merkle root over the
 * included ids and a lineage record in the store.
 *
 * Fail closed: the ledger is verified first (a build refuses a ledger that does not verify, or whose
 * head is below `ledgerMinSeq`), lake rows are checked before anything is decided, and the output
 * appears under `out` only when everything succeeded.
 *
 * The bulk path is a query, not a loop (docs/dataset.md): the reasons about each person come from
 * the reference `standingOf` (one pass over members and ledger), the item rules are SQL compiled
 * from the policy and run by DuckDB over the content (a Parquet cache beside the store, or the
 * platform's own files), and DuckDB writes the data file, calling JavaScript only for the texts its
 * prefilter says could change.
 */
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { ConsentgateError } from '../domain/issues.js';
import { formatTime, type Millis } from '../domain/time.js';
import { primaryReason } from '../decision/reasons.js';
import type { ChainCheck } from '../ledger/chain.js';
import { CONTENT } from '../policy/compile/relations.js';
import { verifyConcurrently } from './verify/concurrent-verify.js';
import type { LedgerHead } from '../ledger/entry.js';
import type { Policy } from '../policy/policy.js';
import { compileObjections, type ObjectionIdentifiersInput, type Suppressor } from '../redact/index.js';
import type { MemberItems, Store } from '../storage/store.js';
import type { BuildOptions, BuildProgress, BuildResult } from './build-types.js';
import { compileBuildSql, ITEM_DECISION, type BuildSql } from './build-sql.js';
import { Duck } from './engine/duck.js';
import { MerkleBuilder, readIds } from './merkle/index.js';
import { datasetCard } from './output/dataset-card.js';
import { fileDigest } from './output/file-digest.js';
import { buildManifest, manifestProblems, zeroExcluded, type ContentProvenance, type DatasetCounts, type ManifestFile } from './output/manifest.js';
import { OutDir } from './output/out-dir.js';
import { defineLakeContent } from './source/lake-source.js';
import { loadGroupRows } from './source/group-rows.js';
import { defineStoreContent } from './source/store-source.js';
import { StageTimer } from './stage-timer.js';
import { loadStandings } from './standings/load-standings.js';
import { persons } from './standings/persons.js';
import { ObjectionRouter } from './text/objection-router.js';
import { TransformPool } from './text/transform-pool.js';
import { textSql, TextTransformer } from './text/text-transformer.js';
import { OBJECTIONS_UDF, registerTransformUdf, TRANSFORM_UDF } from './text/transform-udf.js';

export const TOOL = 'consentgate 0.1.0';

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

function datasetIdOf(policy: Policy, asOf: Millis): string {
  const compact = formatTime(asOf).replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  return `${policy.id}.${compact}.${randomBytes(4).toString('hex')}`;
}

async function objectionsInForce(store: Store, asOf: Millis, head: LedgerHead): Promise<{ list: ObjectionIdentifiersInput[]; suppressor: Suppressor; router: ObjectionRouter; count: number }> {
  const list: ObjectionIdentifiersInput[] = [];
  let count = 0;
  for (const o of await store.objections(asOf)) {
    if (o.entry.seq > head.seq) continue;
    count++;
    // Identifiers erased: the objection still stands in the ledger, but redacts nothing any more.
    if (o.identifiers !== undefined) list.push(o.identifiers);
  }
  return { list, suppressor: compileObjections(list), router: new ObjectionRouter(list), count };
}

async function countsOf(duck: Duck, sql: BuildSql): Promise<DatasetCounts> {
  const counts: DatasetCounts = { considered: 0, included: 0, excluded: zeroExcluded() };
  for (const [maskValue, n] of await duck.rows(sql.counts)) {
    const mask = Number(maskValue);
    const count = Number(n);
    counts.considered += count;
    const reason = primaryReason(mask);
    if (reason === null) counts.included += count;
    else counts.excluded[reason] += count;
  }
  return counts;
}

/** Polls DuckDB's progress while `run` runs, for the progress bar. */
async function withProgress<T>(duck: Duck, total: number, stage: string, report: ((p: BuildProgress) => void) | undefined, run: () => Promise<T>): Promise<T> {
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

/**
 * Runs tasks side by side. When one fails, the others' queries are interrupted (`stop`) and all are
 * awaited before the first error is thrown: no DuckDB query may outlive the build (a query still
 * calling back into JavaScript while the process exits would hang it).
 */
async function together<T extends readonly unknown[]>(stop: () => void, tasks: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  let stopped = false;
  const guarded = (tasks as readonly Promise<unknown>[]).map((t) => t.catch((e: unknown) => {
    if (!stopped) {
      stopped = true;
      stop();
    }
    throw e;
  }));
  const results = await Promise.allSettled(guarded);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** Lineage rows collected while the data file is written, split into batches when recorded. */
async function collectLineage(side: Duck, sql: BuildSql): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for await (const chunk of side.chunks(sql.lineage)) {
    const members = chunk.getColumnValues(0) as string[];
    const ids = chunk.getColumnValues(1) as string[];
    for (let i = 0; i < members.length; i++) out.push([members[i]!, ids[i]!]);
  }
  return out;
}

async function* lineageBatches(rows: readonly [string, string][]): AsyncIterable<MemberItems[]> {
  for (let i = 0; i < rows.length; i += 4096) {
    yield rows.slice(i, i + 4096).map(([memberId, ids]) => ({ memberId, itemIds: ids.split('\n') }));
  }
}

/**
 * A data file written by a filtered scan (no ORDER BY) relies on DuckDB keeping the scan's order;
 * this checks the file against ids.txt before anything is published: Parquet row by row in DuckDB,
 * JSON Lines by the Merkle root of its ids in file order (which also refuses any id out of order).
 */
async function checkDataOrder(duck: Duck, sql: BuildSql, format: 'jsonl' | 'parquet', path: string, root: string, rows: number): Promise<void> {
  if (format === 'parquet' && sql.orderCheck !== null) {
    const [n, misplaced] = ((await duck.rows(sql.orderCheck))[0] ?? []).map(Number);
    if (n !== rows || misplaced !== 0) throw new Error(`internal: the data file is not in id order (${misplaced} of ${n} rows out of place)`);
    return;
  }
  const tree = new MerkleBuilder();
  await readIds({ path, format: 'jsonl' }, (buf, start, end) => tree.addBytes(buf, start, end));
  if (tree.size !== rows || tree.rootHex() !== root) throw new Error('internal: the data file is not in id order (its ids do not give the Merkle root of ids.txt)');
}

/** ids.txt (sorted included ids, one a line) and the Merkle root over it (which refuses disorder). */
async function writeIdsAndRoot(side: Duck, sql: BuildSql, path: string, expected: number): Promise<string> {
  if (sql.included !== null) await side.run(sql.included); // variables belong to a connection
  await side.run(sql.ids);
  const tree = new MerkleBuilder();
  await readIds({ path, format: 'lines' }, (buf, start, end) => tree.addBytes(buf, start, end));
  if (tree.size !== expected) throw new Error(`internal: ${tree.size} ids in ids.txt, ${expected} included`);
  return tree.rootHex();
}

export async function buildDataset(options: BuildOptions): Promise<BuildResult> {
  const { store, policy, asOf, format } = options;
  checkBuildOptions(options);
  const redaction = options.redaction !== false;
  const report = options.onProgress;
  const timer = new StageTimer();
  const startedAt = Date.now();

  // Fail closed: the head the build reads up to, and the check of the chain behind it, which runs
  // beside the build and is awaited before anything is published.
  const head = await store.head();
  checkMinSeq(head, options.ledgerMinSeq);
  const verifying = timer.time('verify', () => verifyConcurrently(store));
  verifying.catch(() => undefined);

  const out = OutDir.prepare(options.out, options.force === true);
  const datasetId = datasetIdOf(policy, asOf);
  const dataFile = `data.${format}`;
  const closers: (() => unknown)[] = [];
  try {
    const duck = await Duck.open({ tempDirectory: out.path('.spill') });
    try {
      let scanOrder: { minOrd: number; maxOrd: number } | null = null;
      const content: ContentProvenance = await timer.time('content', async () => {
        if (options.content !== undefined && options.content.length > 0) {
          const lake = await defineLakeContent(duck, options.content);
          const rows = Number((await duck.rows(`SELECT count(*) FROM ${CONTENT}`))[0]![0]);
          return { source: 'lake', rows, files: lake.files };
        }
        const c = await defineStoreContent(duck, store, (done, total) => report?.({ stage: 'content', done, total }));
        scanOrder = c.order;
        return { source: 'store', rows: c.rows };
      });

      const objections = redaction ? await objectionsInForce(store, asOf, head) : undefined;
      const withObjections = objections !== undefined && !objections.router.empty;
      const sql = compileBuildSql(policy, {
        asOf, format, dataPath: out.path(dataFile), idsPath: out.path('ids.txt'),
        text: redaction ? textSql('c.text', { entities: policy.redact, objections: withObjections }) : null,
        scanOrder,
      });

      // The item rules run in DuckDB while this thread computes the standings (the reasons about
      // each person) and appends them on a second connection.
      const standings = await timer.time('decide', async () => {
        await loadGroupRows(duck, store.allGroupRows());
        const side = await duck.fork();
        try {
          const [, loaded] = await together<[void, Awaited<ReturnType<typeof loadStandings>>]>(() => duck.interrupt(), [
            timer.time('decide.items', () => duck.run(sql.items)),
            timer.time('decide.standings', async () => {
              const people = persons(store.allMemberRows(), store.allSubjectLedgers(), head.seq);
              return loadStandings(side, people, policy, asOf, (n) => report?.({ stage: 'standings', done: n, total: 0 }));
            }),
          ]);
          return loaded;
        } finally {
          side.close();
        }
      });
      const counts = await timer.time('decide.join', async () => {
        await duck.run(sql.decision);
        await duck.run(`DROP TABLE ${ITEM_DECISION}`);
        if (sql.included !== null) await duck.run(sql.included);
        return countsOf(duck, sql);
      });

      const pool = redaction
        ? await timer.time('workers', () => TransformPool.create({ nameable: standings.nameable, suppressor: objections?.suppressor, router: objections?.router, entities: policy.redact }, objections?.list ?? []))
        : undefined;
      closers.push(() => pool?.close());
      if (pool !== undefined) {
        registerTransformUdf(duck, TRANSFORM_UDF, (texts) => pool.transformChunk(texts, 'all'));
        registerTransformUdf(duck, OBJECTIONS_UDF, (texts) => pool.transformChunk(texts, 'objections'));
      }
      // DuckDB writes the data file; beside it, ids.txt with the Merkle root, and the lineage rows.
      const idsSide = await duck.fork();
      const lineageSide = await duck.fork();
      closers.push(() => idsSide.close(), () => lineageSide.close());
      const [written, merkleRoot, lineage] = await together<[number, string, [string, string][]]>(() => {
        duck.interrupt();
        idsSide.interrupt();
        lineageSide.interrupt();
      }, [
        timer.time('write', () => withProgress(duck, counts.included, 'write', report, async () => Number((await duck.rows(sql.data))[0]![0]))),
        timer.time('merkle', () => writeIdsAndRoot(idsSide, sql, out.path('ids.txt'), counts.included)),
        timer.time('lineage.collect', () => collectLineage(lineageSide, sql)),
      ]);
      if (written !== counts.included) throw new Error(`internal: wrote ${written} rows, decided ${counts.included} included`);
      if (sql.included !== null) await timer.time('order-check', () => checkDataOrder(duck, sql, format, out.path(dataFile), merkleRoot, written));

      const files: ManifestFile[] = await timer.time('digest', async () => [
        { path: dataFile, rows: written, ...(await fileDigest(out.path(dataFile))) },
        { path: 'ids.txt', rows: counts.included, ...(await fileDigest(out.path('ids.txt'))) },
      ]);
      checkVerification(await verifying, head);

      const tc = pool?.counts() ?? new TextTransformer({ nameable: new Set(), suppressor: undefined, router: undefined, entities: new Set() }).counts;
      const manifest = buildManifest({
        datasetId, asOf: formatTime(asOf), policy, ledger: head, counts,
        redactions: tc.redactions, transforms: { mentions: tc.mentions, objections: tc.objections },
        redactionEnabled: redaction, objectionsInForce: objections?.count ?? 0, merkleRoot, files, content,
        build: { tool: TOOL, builtAt: formatTime(Date.now()), seconds: timer.total, stages: { ...timer.stages } },
      });
      const problems = manifestProblems(manifest);
      if (problems.length > 0) throw new Error(`internal: the manifest does not add up: ${problems.join('; ')}`);
      writeFileSync(out.path('manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { flush: true });
      writeFileSync(out.path('README.md'), datasetCard(manifest, format), { flush: true });

      // Lineage before the rename: a recorded build that then failed to appear is harmless; a
      // dataset the store does not know of would be a gap in every opt-out and access answer.
      await timer.time('lineage', () => store.recordDataset(
        { id: datasetId, asOf, builtAt: Date.now(), policy: manifest.policy, ledger: head, format, location: out.out, manifest: manifest as unknown as Record<string, unknown> },
        lineageBatches(lineage),
      ));
      rmSync(out.path('.spill'), { recursive: true, force: true });
      out.commit();
      return {
        datasetId, out: out.out, manifest: manifest as unknown as Record<string, unknown>,
        timings: { ...timer.stages, total: (Date.now() - startedAt) / 1000, transformRows: tc.rows, transformChanged: tc.changed },
      };
    } finally {
      // Forked connections and workers first, the database last.
      for (const close of closers.reverse()) await close();
      duck.close();
    }
  } catch (e) {
    out.abort();
    // A failed ledger check explains any other failure (fail closed): report it first.
    const check = await verifying.catch(() => undefined);
    if (check !== undefined && !check.ok) checkVerification(check, head);
    throw e;
  }
}
