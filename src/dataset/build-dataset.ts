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
import { formatTime, type Millis } from '../domain/time.js';
import { CONTENT } from '../policy/compile/relations.js';
import type { Policy } from '../policy/policy.js';
import { checkBuildOptions, checkMinSeq, checkVerification } from './build-checks.js';
import { compileBuildSql, ITEM_DECISION } from './build-sql.js';
import type { BuildOptions, BuildResult } from './build-types.js';
import { countsOf } from './decision-counts.js';
import { Duck } from './engine/duck.js';
import { together } from './engine/together.js';
import { withProgress } from './engine/with-progress.js';
import { datasetCard } from './output/dataset-card.js';
import { fileDigest } from './output/file-digest.js';
import { checkDataOrder, useIncluded, writeIdsAndRoot } from './output/ids-file.js';
import { lineageFor } from './output/concurrent-lineage.js';
import { buildManifest, manifestProblems, type ContentProvenance, type ManifestFile } from './output/manifest.js';
import { OutDir } from './output/out-dir.js';
import { loadGroupRows } from './source/group-rows.js';
import { defineLakeContent } from './source/lake-source.js';
import { defineStoreContent } from './source/store-source.js';
import { StageTimer } from './stage-timer.js';
import { loadStandings } from './standings/load-standings.js';
import { persons } from './standings/persons.js';
import { objectionsInForce } from './text/objections-in-force.js';
import { textSql, TextTransformer } from './text/text-transformer.js';
import { TransformPool } from './text/transform-pool.js';
import { OBJECTIONS_UDF, registerTransformUdf, TRANSFORM_UDF } from './text/transform-udf.js';
import { verifyConcurrently } from './verify/concurrent-verify.js';

export { checkBuildOptions, checkMinSeq, checkVerification };

export const TOOL = 'consentgate 0.1.0';

/** Scratch file of the lineage rows inside the temporary output folder, removed before it is renamed. */
const LINEAGE_FILE = '.lineage.tsv';

function datasetIdOf(policy: Policy, asOf: Millis): string {
  const compact = formatTime(asOf).replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  return `${policy.id}.${compact}.${randomBytes(4).toString('hex')}`;
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
  const lineage = lineageFor(store, datasetId, out.path(LINEAGE_FILE));
  try {
    const duck = await Duck.open({ tempDirectory: out.path('.spill'), progress: report !== undefined });
    try {
      let scanOrder: { minOrd: number; maxOrd: number } | null = null;
      const content: ContentProvenance = await timer.time('content', async () => {
        if (options.content !== undefined && options.content.length > 0) {
          const lake = await defineLakeContent(duck, options.content);
          const rows = Number((await duck.rows(`SELECT count(*) FROM ${CONTENT}`))[0]![0]);
          return { source: 'lake', rows, files: lake.files };
        }
        const c = await defineStoreContent(duck, store, out.path('.spill'), options.contentCache, (done, total) => report?.({ stage: 'content', done, total }));
        scanOrder = c.order;
        return { source: 'store', rows: c.rows };
      });

      const objections = redaction ? await objectionsInForce(store, asOf, head) : undefined;
      const withObjections = objections !== undefined && objections.suppressor.size > 0;
      // The transform workers start now and compile the objections while the build decides.
      const starting = redaction ? TransformPool.start(objections?.list ?? [], policy.redact) : undefined;
      closers.push(() => starting?.close());
      const sql = compileBuildSql(policy, {
        asOf, format, dataPath: out.path(dataFile), idsPath: out.path('ids.txt'), lineagePath: out.path(LINEAGE_FILE),
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
              const people = persons(store, head.seq);
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
        const c = await countsOf(duck, sql);
        await useIncluded(duck, sql, c.included);
        return c;
      });

      const pool = starting !== undefined
        ? await timer.time('workers', () => starting.ready({ nameable: standings.nameable, suppressor: objections?.suppressor, entities: policy.redact }))
        : undefined;
      closers.push(() => pool?.close());
      if (pool !== undefined) {
        registerTransformUdf(duck, TRANSFORM_UDF, pool, 'all');
        registerTransformUdf(duck, OBJECTIONS_UDF, pool, 'objections');
      }
      // DuckDB writes the data file; beside it, ids.txt with the Merkle root, and the lineage rows
      // (written to a SQLite store meanwhile, see `concurrent-lineage.ts`).
      const idsSide = await duck.fork();
      const lineageSide = await duck.fork();
      closers.push(() => idsSide.close(), () => lineageSide.close());
      const [written, merkleRoot] = await together<[number, string, void]>(() => {
        duck.interrupt();
        idsSide.interrupt();
        lineageSide.interrupt();
      }, [
        timer.time('write', () => withProgress(duck, counts.included, 'write', report, async () => Number((await duck.rows(sql.data))[0]![0]))),
        timer.time('merkle', () => writeIdsAndRoot(idsSide, sql, out.path('ids.txt'), counts.included)),
        timer.time('lineage.collect', () => lineage.collect(lineageSide, sql, counts.included)),
      ]);
      if (written !== counts.included) throw new Error(`internal: wrote ${written} rows, decided ${counts.included} included`);
      // The order check (DuckDB) and the digests (this thread) side by side: both only read the files.
      const [, files] = await together<[void, ManifestFile[]]>(() => duck.interrupt(), [
        sql.included !== null ? timer.time('order-check', () => checkDataOrder(duck, sql, format, out.path(dataFile), merkleRoot, written)) : Promise.resolve(),
        timer.time('digest', async () => [
          { path: dataFile, rows: written, ...(await fileDigest(out.path(dataFile))) },
          { path: 'ids.txt', rows: counts.included, ...(await fileDigest(out.path('ids.txt'))) },
        ]),
      ]);
      checkVerification(await verifying, head);

      const tc = pool?.counts() ?? new TextTransformer({ nameable: new Set(), suppressor: undefined, entities: new Set() }).counts;
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
      await timer.time('lineage', () => lineage.publish(
        { id: datasetId, asOf, builtAt: Date.now(), policy: manifest.policy, ledger: head, format, location: out.out, manifest: manifest as unknown as Record<string, unknown> },
      ));
      rmSync(out.path('.spill'), { recursive: true, force: true });
      rmSync(out.path(LINEAGE_FILE), { force: true });
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
    await lineage.discard().catch(() => undefined);
    // A failed ledger check explains any other failure (fail closed): report it first.
    const check = await verifying.catch(() => undefined);
    if (check !== undefined && !check.ok) checkVerification(check, head);
    throw e;
  }
}
