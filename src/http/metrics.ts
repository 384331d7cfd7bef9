/**
 * The web app's part of the metrics (prom-client, in the shared registry of `src/ops/metrics.ts`):
 * requests by route and status with their latency, decisions by outcome, and deny choices by the
 * member's region, method and purpose. `/metrics` serves whatever registry `createApp` is given.
 */
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, type Registry } from 'prom-client';
import { asOf as rowAsOf } from '../domain/versioned.js';
import { decisions as decisionsCounter, optOuts } from '../ops/metrics.js';
import { regionOf, type Policy } from '../policy/policy.js';
import type { Store } from '../storage/store.js';

export function instrument(app: FastifyInstance, registry: Registry): void {
  const requests = new Counter({ name: 'consentgate_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const latency = new Histogram({
    name: 'consentgate_http_request_duration_seconds', help: 'HTTP request latency by route', labelNames: ['method', 'route'],
    buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    latency.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });
}

/** Decisions of one batch, counted once per outcome (not once per item: this is the hot path). */
export function countDecisions(outcomes: ReadonlyMap<string, number>): void {
  for (const [outcome, n] of outcomes) decisionsCounter.inc({ outcome }, n);
}

/** A deny recorded over HTTP (setting, objection, GPC), by the subject's region now. */
export async function countDeny(store: Store, policy: Policy, subject: string, method: string, purpose: string, now: number): Promise<void> {
  const rows = await store.memberRows(subject);
  const region = rows.length === 0 ? 'non-member' : regionOf(policy, rowAsOf(rows, now)?.country)?.name ?? 'no-region';
  optOuts.inc({ region, method, purpose });
}
