/**
 * The operator console: overview (rates by region, builds, the ledger head with a verify button),
 * datasets with a build form and live progress, objections and what each redacts, the policy in
 * force, and the audit report with its downloads. Signed in with the operator token (a signed
 * cookie); every form carries a CSRF token.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { formatTime, mustParseTime, parseTime } from '../../domain/time.js';
import { auditHtmlDocument, auditSections } from '../../report/audit-html.js';
import { buildAuditReport, buildSummary, collectAuditFacts, defaultPeriod, type AuditReport } from '../../report/audit-report.js';
import {
  buildsChart, consolePage, datasetBody, datasetsBody, jobBody, loginView, objectionsBody, overviewBody, policyBody, rateCharts, reportFormBody,
} from '../../web/views/console.js';
import type { Html } from '../../web/html.js';
import type { App } from '../app.js';
import type { AppContext } from '../context.js';
import { HttpProblem, problem } from '../problem.js';
import { startBuild } from './datasets.js';
import { runVerification } from './ledger.js';

export function registerConsole(app: App, ctx: AppContext): void {
  const hide = { schema: { hide: true } };
  const csrf = { preHandler: app.csrfProtection, schema: { hide: true } };
  let lastVerification: Awaited<ReturnType<typeof runVerification>> | undefined;
  let cache: { key: string; report: Promise<AuditReport> } | undefined;

  const send = (reply: FastifyReply, body: Html, status = 200) =>
    reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body.value);

  /** Signed-in operator, or a redirect to the sign-in page. */
  const operator = (req: FastifyRequest, reply: FastifyReply): boolean => {
    if (ctx.operatorSession(req)) return true;
    void reply.redirect('/console/login', 303);
    return false;
  };

  /** The audit over the whole history, for the charts; recomputed when the ledger or the builds change. */
  const overviewAudit = async (): Promise<AuditReport> => {
    const [head, datasets] = await Promise.all([ctx.store.head(), ctx.store.datasets()]);
    const now = ctx.now();
    const key = `${head.seq}:${head.hash}:${datasets.length}:${Math.floor(now / 3600_000)}`;
    if (cache?.key !== key) {
      const report = (async () => {
        const facts = await collectAuditFacts(ctx.store);
        return buildAuditReport(facts, ctx.policy, defaultPeriod(ctx.policy, facts, now), now);
      })();
      cache = { key, report };
      report.catch(() => { if (cache?.report === report) cache = undefined; });
    }
    return cache.report;
  };

  app.get('/console/login', hide, async (req, reply) => {
    if (ctx.operatorSession(req)) return reply.redirect('/console', 303);
    return send(reply, loginView(ctx.siteName, reply.generateCsrf()));
  });

  app.post('/console/login', csrf, async (req, reply) => {
    const token = (req.body as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || !ctx.auth.isOperatorToken(token)) return send(reply, loginView(ctx.siteName, reply.generateCsrf(), 'That is not the operator token.'), 401);
    ctx.startOperatorSession(reply);
    return reply.redirect('/console', 303);
  });

  app.post('/console/logout', csrf, async (_req, reply) => {
    ctx.endSessions(reply);
    return reply.redirect('/', 303);
  });

  const overview = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!operator(req, reply)) return reply;
    const [counts, head, audit, objections] = await Promise.all([ctx.store.counts(), ctx.store.head(), overviewAudit(), ctx.store.objections()]);
    const charts = rateCharts(audit);
    return send(reply, consolePage({
      siteName: ctx.siteName, csrf: reply.generateCsrf(), title: 'Overview', path: '/console',
      body: overviewBody({ counts, head, audit, objections: objections.length, policy: ctx.policy, ...(lastVerification ? { verification: lastVerification } : {}) }, reply.generateCsrf()),
      charts: { 'chart-optout': charts.optOut, 'chart-objected': charts.objected, 'chart-builds': buildsChart(audit.builds) },
    }));
  };
  app.get('/console', hide, overview);

  app.post('/console/verify', csrf, async (req, reply) => {
    if (!operator(req, reply)) return reply;
    lastVerification = await runVerification(ctx);
    return reply.redirect('/console#ledger-card', 303);
  });

  app.get('/console/datasets', hide, async (req, reply) => {
    if (!operator(req, reply)) return reply;
    const datasets = (await ctx.store.datasets()).map(buildSummary);
    const built = (req.query as { built?: string }).built;
    return send(reply, consolePage({
      siteName: ctx.siteName, csrf: reply.generateCsrf(), title: 'Datasets', path: '/console/datasets',
      body: datasetsBody(datasets, ctx.jobs.list(), reply.generateCsrf(), ctx.deps.build !== undefined, built || undefined),
      charts: { 'chart-builds': buildsChart(datasets) },
    }));
  });

  app.post('/console/datasets', csrf, async (req, reply) => {
    if (!operator(req, reply)) return reply;
    const b = (req.body ?? {}) as { asOf?: unknown; format?: unknown };
    if (typeof b.asOf !== 'string' || parseTime(b.asOf) === undefined) throw problem.invalid('Give the as-of date.');
    const job = startBuild(ctx, { asOf: b.asOf, format: b.format === 'parquet' ? 'parquet' : 'jsonl', allowFuture: false });
    return reply.redirect(`/console/jobs/${job.id}`, 303);
  });

  app.get('/console/jobs/:id', hide, async (req, reply) => {
    if (!operator(req, reply)) return reply;
    const job = ctx.jobs.get((req.params as { id: string }).id);
    if (!job) throw problem.notFound('No such job');
    return send(reply, consolePage({ siteName: ctx.siteName, csrf: reply.generateCsrf(), title: 'Build job', path: '/console/datasets', body: jobBody(job) }));
  });

  app.get('/console/datasets/:id', hide, async (req, reply) => {
    if (!operator(req, reply)) return reply;
    const d = await ctx.store.dataset((req.params as { id: string }).id);
    if (!d) throw problem.notFound('No such dataset');
    return send(reply, consolePage({ siteName: ctx.siteName, csrf: reply.generateCsrf(), title: `Dataset ${d.id}`, path: '/console/datasets', body: datasetBody(buildSummary(d), d.manifest, d.location) }));
  });

  app.get('/console/objections', hide, async (req, reply) => {
    if (!operator(req, reply)) return reply;
    const all = await ctx.store.objections();
    const newest = all.slice(-300).reverse();
    const members = new Set<string>();
    for (const o of newest) if ((await ctx.store.memberRows(o.entry.subject)).length > 0) members.add(o.entry.subject);
    return send(reply, consolePage({ siteName: ctx.siteName, csrf: reply.generateCsrf(), title: 'Objections', path: '/console/objections', body: objectionsBody(newest, members, all.length) }));
  });

  app.get('/console/policy', hide, async (req, reply) => {
    if (!operator(req, reply)) return reply;
    return send(reply, consolePage({ siteName: ctx.siteName, csrf: reply.generateCsrf(), title: 'Policy', path: '/console/policy', body: policyBody(ctx.policy) }));
  });

  const periodOf = async (req: FastifyRequest) => {
    const q = req.query as { from?: string; to?: string };
    const facts = await collectAuditFacts(ctx.store, { verify: true });
    const now = ctx.now();
    const period = defaultPeriod(ctx.policy, facts, now);
    if (q.from && parseTime(q.from) !== undefined) period.from = mustParseTime(q.from);
    // A date-only `to` means the whole of that day.
    if (q.to && parseTime(q.to) !== undefined) period.to = mustParseTime(q.to) + (/^\d{4}-\d{2}-\d{2}$/.test(q.to) ? 86_399_999 : 0);
    if (period.to < period.from) throw new HttpProblem(400, 'invalid-request', 'Invalid request', 'The period ends before it starts.');
    return { report: buildAuditReport(facts, ctx.policy, period, now), period };
  };

  app.get('/console/report', hide, async (req, reply) => {
    if (!operator(req, reply)) return reply;
    const { report, period } = await periodOf(req);
    return send(reply, consolePage({
      siteName: ctx.siteName, csrf: reply.generateCsrf(), title: 'Audit report', path: '/console/report',
      body: reportFormBody(formatTime(period.from).slice(0, 10), formatTime(period.to).slice(0, 10), auditSections(report)),
    }));
  });

  app.get('/console/report.html', hide, async (req, reply) => {
    if (!operator(req, reply)) return reply;
    const { report } = await periodOf(req);
    return reply.type('text/html; charset=utf-8').header('content-disposition', `attachment; filename="audit-report-${report.period.from.slice(0, 10)}-${report.period.to.slice(0, 10)}.html"`).send(auditHtmlDocument(report, ctx.siteName));
  });

  app.get('/console/report.json', hide, async (req, reply) => {
    if (!operator(req, reply)) return reply;
    const { report } = await periodOf(req);
    return reply.type('application/json; charset=utf-8').header('content-disposition', `attachment; filename="audit-report-${report.period.from.slice(0, 10)}-${report.period.to.slice(0, 10)}.json"`).send(`${JSON.stringify(report, null, 2)}\n`);
  });
}
