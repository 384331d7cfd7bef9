/** `datasets`, `datasets/{id}` and `POST datasets` (a build as a job, its progress at `jobs/{id}`). */
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { formatTime, mustParseTime } from '../../domain/time.js';
import { formatIssue } from '../../domain/issues.js';
import { parsePolicy } from '../../policy/parse-policy.js';
import type { Policy } from '../../policy/policy.js';
import type { DatasetRecord } from '../../storage/store.js';
import type { App } from '../app.js';
import type { AppContext } from '../context.js';
import type { Job } from '../jobs.js';
import { recordBuild } from '../../ops/metrics.js';
import { problem } from '../problem.js';
import { IdSchema, JobSchema, LedgerHeadSchema, OPERATOR_SECURITY, problems, TimeSchema } from '../schemas.js';

export const DatasetSummarySchema = z.object({
  id: z.string(),
  asOf: z.string(),
  builtAt: z.string(),
  policy: z.object({ id: z.string(), version: z.number(), sha256: z.string() }),
  ledger: LedgerHeadSchema,
  format: z.enum(['jsonl', 'parquet']),
  location: z.string(),
  counts: z.record(z.string(), z.unknown()).optional(),
  merkleRoot: z.string().optional(),
}).meta({ id: 'DatasetSummary' });

export function datasetSummary(d: DatasetRecord): z.infer<typeof DatasetSummarySchema> {
  const out: z.infer<typeof DatasetSummarySchema> = {
    id: d.id, asOf: formatTime(d.asOf), builtAt: formatTime(d.builtAt), policy: d.policy, ledger: d.ledger, format: d.format, location: d.location,
  };
  const counts = d.manifest.counts;
  if (counts && typeof counts === 'object') out.counts = counts as Record<string, unknown>;
  if (typeof d.manifest.merkleRoot === 'string') out.merkleRoot = d.manifest.merkleRoot;
  return out;
}

/** The policy a build asks for: the one in force (by default or by its id), or inline YAML. */
export function policyFor(ctx: AppContext, requested: string | undefined): Policy {
  if (requested === undefined || requested === ctx.policy.id) return ctx.policy;
  if (!requested.includes('\n')) throw problem.invalid(`Unknown policy ${requested}: give the id of the policy in force (${ctx.policy.id}) or a whole policy as YAML.`, [{ path: 'policy', message: 'unknown policy id' }]);
  const parsed = parsePolicy(requested, 'policy (request body)');
  if (!parsed.ok) throw problem.invalid('The policy is not valid.', parsed.issues.map((i) => ({ path: 'policy', message: formatIssue(i) })));
  return parsed.value;
}

/** Starts a build job; shared by the API and the console's form. */
export function startBuild(ctx: AppContext, request: { asOf: string; policy?: string | undefined; format?: 'jsonl' | 'parquet' | undefined; allowFuture?: boolean | undefined }): Job {
  const build = ctx.deps.build;
  if (!build) throw problem.unavailable('This server has no dataset builder.');
  const asOf = mustParseTime(request.asOf);
  const policy = policyFor(ctx, request.policy);
  const format = request.format ?? 'jsonl';
  const dir = resolve(ctx.deps.datasetsDir ?? 'consentgate-datasets');
  const shown: Record<string, unknown> = { asOf: formatTime(asOf), policy: { id: policy.id, version: policy.version, sha256: policy.sha256 }, format };
  return ctx.jobs.start('build', shown, async (progress) => {
    const out = join(dir, `${formatTime(asOf).slice(0, 10)}-${Date.now().toString(36)}`);
    const started = performance.now();
    const labels = { format, backend: ctx.store.backend };
    let result: Awaited<ReturnType<typeof build>>;
    try {
      result = await build({ store: ctx.store, policy, asOf, out, format, allowFuture: request.allowFuture ?? false, onProgress: progress });
    } catch (e) {
      recordBuild({ ...labels, outcome: 'failed' }, (performance.now() - started) / 1000);
      throw e;
    }
    recordBuild({ ...labels, outcome: 'ok' }, (performance.now() - started) / 1000, result.manifest.counts as { considered?: unknown; included?: unknown } | undefined);
    return { datasetId: result.datasetId, timings: result.timings };
  });
}

export function registerDatasetRoutes(app: App, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/datasets', {
    onRequest: ctx.guards.operator,
    schema: {
      tags: ['datasets'], summary: 'Every build, oldest first', security: OPERATOR_SECURITY,
      response: { 200: z.object({ datasets: z.array(DatasetSummarySchema) }), ...problems(401, 403) },
    },
  }, async () => ({ datasets: (await ctx.store.datasets()).map(datasetSummary) }));

  r.get('/api/v1/datasets/:id', {
    onRequest: ctx.guards.operator,
    schema: {
      tags: ['datasets'], summary: 'One build and its whole manifest', security: OPERATOR_SECURITY,
      params: z.object({ id: IdSchema }),
      response: { 200: DatasetSummarySchema.extend({ manifest: z.record(z.string(), z.unknown()) }), ...problems(401, 403, 404) },
    },
  }, async (req) => {
    const d = await ctx.store.dataset(req.params.id);
    if (!d) throw problem.notFound(`No dataset ${req.params.id}`);
    return { ...datasetSummary(d), manifest: d.manifest };
  });

  r.post('/api/v1/datasets', {
    onRequest: ctx.guards.operator,
    schema: {
      tags: ['datasets'],
      summary: 'Start a build; answers the job (poll `GET /api/v1/jobs/{id}`)',
      description: '`policy`: absent or the id of the policy in force, or a whole policy as YAML text. Builds run one at a time.',
      security: OPERATOR_SECURITY,
      body: z.strictObject({
        asOf: TimeSchema,
        policy: z.string().max(256 * 1024).optional(),
        format: z.enum(['jsonl', 'parquet']).optional(),
        allowFuture: z.boolean().optional().meta({ description: 'Allow an as-of moment later than now' }),
      }),
      response: { 202: JobSchema, ...problems(400, 401, 403, 503) },
    },
  }, async (req, reply) => {
    const job = startBuild(ctx, req.body);
    return reply.code(202).header('location', `/api/v1/jobs/${job.id}`).send(job);
  });

  r.get('/api/v1/jobs/:id', {
    onRequest: ctx.guards.operator,
    schema: {
      tags: ['datasets'], summary: 'A build job and its progress', security: OPERATOR_SECURITY,
      params: z.object({ id: IdSchema }),
      response: { 200: JobSchema, ...problems(401, 403, 404) },
    },
  }, async (req) => {
    const job = ctx.jobs.get(req.params.id);
    if (!job) throw problem.notFound(`No job ${req.params.id}`);
    return job;
  });
}
