/**
 * Prometheus metrics (prom-client) in one registry the HTTP server exposes at `/metrics`
 * (`createApp({ metrics: metricsRegistry })`). Counters are process-local, as Prometheus expects:
 * each API process is scraped on its own and the server sums them.
 *
 * Who records what: the stores count ledger appends and commit latency; the HTTP layer counts
 * decisions and opt-outs (it knows the member's region) and the builds it runs (`recordBuild`).
 * A one-shot command (`consentgate build`) is not scraped, so it records nothing.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'consentgate_' });

/** Entries written to the ledger (every path: API, import, GPC), by backend and kind. */
export const ledgerAppends = new Counter({
  name: 'consentgate_ledger_appends_total', help: 'Ledger entries written (committed), by backend and kind (consent, notice)',
  labelNames: ['backend', 'kind'] as const, registers: [metricsRegistry],
});

/** One ledger transaction: lock, seal, insert, durable commit. Group commit makes one cover many appends. */
export const ledgerCommitSeconds = new Histogram({
  name: 'consentgate_ledger_commit_seconds', help: 'Duration of a ledger write transaction, from begin to durable commit',
  labelNames: ['backend'] as const, buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [metricsRegistry],
});

export const ledgerCommitEntries = new Histogram({
  name: 'consentgate_ledger_commit_entries', help: 'Entries per ledger write transaction (group commit batch size)',
  labelNames: ['backend'] as const, buckets: [1, 2, 5, 10, 20, 50, 100, 500, 1000, 5000],
  registers: [metricsRegistry],
});

export const ledgerHeadSeq = new Gauge({
  name: 'consentgate_ledger_head_seq', help: 'The ledger head seq this process last wrote or read',
  registers: [metricsRegistry],
});

/** Decisions made (API `POST decisions`, `explain`, builds), by outcome: `included` or the primary reason code. */
export const decisions = new Counter({
  name: 'consentgate_decisions_total', help: 'Decisions made, by outcome (included, or the primary reason code)',
  labelNames: ['outcome'] as const, registers: [metricsRegistry],
});

/** Opt-outs and objections recorded, by the member's region under the policy, method and purpose. */
export const optOuts = new Counter({
  name: 'consentgate_opt_outs_total', help: 'Deny choices recorded (opt-outs, objections, GPC), by region, method and purpose',
  labelNames: ['region', 'method', 'purpose'] as const, registers: [metricsRegistry],
});

export const buildSeconds = new Histogram({
  name: 'consentgate_build_duration_seconds', help: 'Dataset build duration, by format and store backend',
  labelNames: ['format', 'backend', 'outcome'] as const, buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
  registers: [metricsRegistry],
});

export const buildItems = new Counter({
  name: 'consentgate_build_items_total', help: 'Items considered by builds, by result (included, excluded)',
  labelNames: ['result'] as const, registers: [metricsRegistry],
});

/**
 * Records a finished (or failed) build: its duration, and the items it considered by result. The
 * counts are the manifest's (`considered`, `included`); a failed build has none.
 */
export function recordBuild(labels: { format: string; backend: string; outcome: 'ok' | 'failed' }, seconds: number, counts?: { considered?: unknown; included?: unknown }): void {
  buildSeconds.observe(labels, seconds);
  const considered = typeof counts?.considered === 'number' ? counts.considered : undefined;
  const included = typeof counts?.included === 'number' ? counts.included : undefined;
  if (included !== undefined) buildItems.inc({ result: 'included' }, included);
  if (considered !== undefined && included !== undefined) buildItems.inc({ result: 'excluded' }, considered - included);
}

/** What one ledger transaction wrote: counts by kind and the new head seq. */
export interface CommitTally {
  consent: number;
  notice: number;
  headSeq: number;
}

export function tallyEntries(entries: Iterable<{ kind: 'consent' | 'notice'; seq: number }>, into: CommitTally = { consent: 0, notice: 0, headSeq: 0 }): CommitTally {
  for (const e of entries) {
    into[e.kind]++;
    into.headSeq = e.seq;
  }
  return into;
}

/** Records a committed ledger transaction. */
export function recordLedgerCommit(backend: 'sqlite' | 'postgres', tally: CommitTally, seconds: number): void {
  if (tally.consent > 0) ledgerAppends.inc({ backend, kind: 'consent' }, tally.consent);
  if (tally.notice > 0) ledgerAppends.inc({ backend, kind: 'notice' }, tally.notice);
  ledgerCommitSeconds.observe({ backend }, seconds);
  ledgerCommitEntries.observe({ backend }, tally.consent + tally.notice);
  if (tally.headSeq > 0) ledgerHeadSeq.set(tally.headSeq);
}

/** The text exposition and its content type, for a server that is not Fastify. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}
