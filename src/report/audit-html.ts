/**
 * The audit report as HTML: the same sections in the console (inside the site's layout) and as a
 * standalone file to hand over (its stylesheet inline, its charts as SVG: no scripts, no network).
 */
import { REASONS } from '../decision/reasons.js';
import { html, raw, type Html } from '../web/html.js';
import { APP_CSS, EXTRA_CSS } from '../web/assets/styles.js';
import { formatDate, formatDateTime, regionName, translator } from '../web/i18n.js';
import type { AuditReport, Counter } from './audit-report.js';
import { NON_MEMBER, NO_REGION } from './audit-report.js';
import { lineChart, stackedBarChart } from './svg-charts.js';

const t = translator('en');
const regionLabel = (r: string): string => (r === NON_MEMBER ? 'Non-members' : r === NO_REGION ? 'No region' : regionName(t, r));
const n = (v: number): string => v.toLocaleString('en-GB');
const counterText = (c: Counter): string => Object.entries(c).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${n(v)}`).join(', ') || '—';

export function auditSections(r: AuditReport): Html {
  const from = formatDate('en', Date.parse(r.period.from));
  const to = formatDate('en', Date.parse(r.period.to));
  const v = r.ledger.verification;
  const verified = v === null ? html`<span class="pill">not verified in this report</span>` : v.ok
    ? html`<span class="pill on">verified: ${n(v.entries ?? 0)} entries, chain intact</span>`
    : html`<span class="pill off">FAILED at seq ${v.firstBadSeq ?? '?'}: ${v.why ?? ''}</span>`;

  const noticeRegions = Object.keys(r.notices.byRegion).sort();
  const noticeSeries = Object.entries(r.notices.overTime.values).map(([k, data]) => ({ label: regionLabel(k), data }));
  const optOutSeries = Object.entries(r.choices.optOuts.overTime.values).map(([k, data]) => ({ label: k, data }));
  const objSeries = Object.entries(r.choices.objections.overTime.values).map(([k, data]) => ({ label: regionLabel(k), data }));
  const rateRegions = r.rates.regions.filter((x) => r.rates.population[x]!.some((p) => p > 0));
  const optRate = rateRegions.map((x) => ({ label: regionLabel(x), data: r.rates.optedOutPct[x]! }));
  const objRate = rateRegions.map((x) => ({ label: regionLabel(x), data: r.rates.objectedPct[x]! }));
  const last = r.rates.labels.length - 1;
  const buildLabels = r.builds.map((b) => `${b.asOf.slice(0, 10)} (…${b.datasetId.slice(-8)})`);
  const buildSeries = [
    { label: 'included', data: r.builds.map((b) => b.included) },
    ...REASONS.filter((reason) => r.builds.some((b) => (b.excluded[reason] ?? 0) > 0)).map((reason) => ({ label: reason, data: r.builds.map((b) => b.excluded[reason] ?? 0) })),
  ];
  const optRegions = Object.keys(r.choices.optOuts.byRegion).sort();
  const methods = [...new Set(optRegions.flatMap((x) => Object.keys(r.choices.optOuts.byRegion[x]!)))].sort();

  return html`
<section class="card">
  <h2>Summary</h2>
  <p>Period <strong>${from}</strong> to <strong>${to}</strong> (${r.period.bucket === 'month' ? 'by month' : 'by week'}); generated ${formatDateTime('en', Date.parse(r.generatedAt))}.
  Policy in force: <code>${r.policy.id}</code> version ${r.policy.version} (purpose <code>${r.policy.purpose}</code>, sha256 <code class="hash">${r.policy.sha256}</code>).</p>
  <div class="tiles">
    <div class="tile"><div class="n">${n(r.notices.total)}</div><div class="l">notices served</div></div>
    <div class="tile"><div class="n">${n(r.choices.optOuts.total)}</div><div class="l">opt-outs (deny, any method but the form)</div></div>
    <div class="tile"><div class="n">${n(r.choices.objections.total)}</div><div class="l">objections (${n(r.choices.objections.members)} members, ${n(r.choices.objections.nonMembers)} non-members)</div></div>
    <div class="tile"><div class="n">${n(r.builds.length)}</div><div class="l">dataset builds</div></div>
    <div class="tile"><div class="n">${n(r.protected.minorsExcluded)}</div><div class="l">items of minors excluded</div></div>
    <div class="tile"><div class="n">${n(r.protected.sensitiveGroupExcluded)}</div><div class="l">items from sensitive groups excluded</div></div>
  </div>
</section>

<section class="card">
  <h2>The consent ledger</h2>
  <dl class="facts"><dt>Head</dt><dd>seq ${n(r.ledger.head.seq)}, hash <code class="hash">${r.ledger.head.hash}</code></dd><dt>Verification</dt><dd>${verified}</dd></dl>
  <p class="small muted">Every choice and notice is an entry whose SHA-256 chains it to all entries before it; the verification recomputed the chain and checked the kept personal data against its commitments. A head recorded elsewhere (a dataset manifest) shows that no newer entries were dropped.</p>
</section>

<section class="card">
  <h2>Policy versions</h2>
  <div class="table-wrap"><table><thead><tr><th>Policy</th><th>Version</th><th>sha256</th><th>In force now</th><th class="num">Builds in period</th><th>As of</th></tr></thead><tbody>
  ${r.policyVersions.map((p) => html`<tr><td><code>${p.id}</code></td><td>${p.version}</td><td><code class="hash">${p.sha256.slice(0, 16)}…</code></td><td>${p.inForce ? 'yes' : 'no'}</td><td class="num">${p.builds}</td><td>${p.firstAsOf ? `${p.firstAsOf.slice(0, 10)} – ${p.lastAsOf!.slice(0, 10)}` : '—'}</td></tr>`)}
  </tbody></table></div>
  <h3>Regions of the policy in force</h3>
  <div class="table-wrap"><table><thead><tr><th>Region</th><th>From</th><th>Default</th><th>Legal basis</th><th>Notice</th></tr></thead><tbody>
  ${r.policy.regions.map((g) => html`<tr><td>${regionLabel(g.name)}</td><td>${g.excluded ? 'excluded' : g.effectiveFrom?.slice(0, 10) ?? '—'}</td><td>${g.excluded ? '—' : g.default}</td><td>${g.legalBasis ?? '—'}</td><td>${g.notice ?? '—'}</td></tr>`)}
  </tbody></table></div>
</section>

<section class="card">
  <h2>Notices served</h2>
  <div class="table-wrap"><table><thead><tr><th>Region</th><th class="num">Served</th><th>By version</th><th>By channel</th></tr></thead><tbody>
  ${noticeRegions.length === 0 ? html`<tr><td colspan="4" class="muted">No notices in this period.</td></tr>` : noticeRegions.map((x) => { const g = r.notices.byRegion[x]!; return html`<tr><td>${regionLabel(x)}</td><td class="num">${n(g.total)}</td><td>${counterText(g.byVersion)}</td><td>${counterText(g.byChannel)}</td></tr>`; })}
  </tbody></table></div>
  ${noticeSeries.length > 0 ? stackedBarChart('Notices served over time, by region', r.notices.overTime.labels, noticeSeries) : ''}
</section>

<section class="card">
  <h2>Opt-outs and objections</h2>
  <div class="table-wrap"><table><thead><tr><th>Region</th>${methods.map((m) => html`<th class="num">${m}</th>`)}<th class="num">Objections</th><th class="num">Opt-ins / withdrawals</th></tr></thead><tbody>
  ${[...new Set([...optRegions, ...Object.keys(r.choices.objections.byRegion)])].sort().map((x) => html`<tr><td>${regionLabel(x)}</td>${methods.map((m) => html`<td class="num">${n(r.choices.optOuts.byRegion[x]?.[m] ?? 0)}</td>`)}<td class="num">${n(r.choices.objections.byRegion[x] ?? 0)}</td><td class="num">${n(Object.values(r.choices.optIns.byRegion[x] ?? {}).reduce((a, b) => a + b, 0))}</td></tr>`)}
  </tbody></table></div>
  <p class="small muted">Objections by purpose: ${counterText(r.choices.objections.byPurpose)}. Identifiers kept (redacting): ${n(r.choices.objections.identifiersKept)}; erased at the person's request: ${n(r.choices.objections.identifiersErased)}. GPC signals recorded: ${n(r.choices.gpcSignals.total)} (${r.choices.gpcSignals.honoredForPolicyPurpose ? 'they decide' : 'they do not decide'} the policy's purpose).</p>
  ${optOutSeries.length > 0 ? stackedBarChart('Opt-outs over time, by method', r.choices.optOuts.overTime.labels, optOutSeries) : ''}
  ${objSeries.length > 0 ? stackedBarChart('Objections over time, by region', r.choices.objections.overTime.labels, objSeries) : ''}
</section>

<section class="card">
  <h2>Rates by region</h2>
  <p class="small muted">Share of the region's open accounts whose consent for <code>${r.policy.purpose}</code> is a deny at the end of each ${r.period.bucket}.</p>
  ${rateRegions.length > 0 ? lineChart('Opted out (%), by region', r.rates.labels, optRate, '%') : ''}
  ${rateRegions.length > 0 ? lineChart('Objected (%), by region', r.rates.labels, objRate, '%') : ''}
  <div class="table-wrap"><table><thead><tr><th>Region</th><th class="num">Accounts</th><th class="num">Opted out</th><th class="num">Objected</th></tr></thead><tbody>
  ${rateRegions.map((x) => html`<tr><td>${regionLabel(x)}</td><td class="num">${n(r.rates.population[x]![last] ?? 0)}</td><td class="num">${r.rates.optedOutPct[x]![last] ?? 0}%</td><td class="num">${r.rates.objectedPct[x]![last] ?? 0}%</td></tr>`)}
  </tbody></table></div>
</section>

<section class="card">
  <h2>Builds: exclusions by reason and redactions</h2>
  ${r.builds.length === 0 ? html`<p class="muted">No builds in this period.</p>` : html`
  ${stackedBarChart('Items per build: included, and excluded by primary reason', buildLabels, buildSeries)}
  <div class="table-wrap"><table><thead><tr><th>Build</th><th>As of</th><th class="num">Considered</th><th class="num">Included</th><th>Excluded by reason</th><th>Redactions</th></tr></thead><tbody>
  ${r.builds.map((b) => html`<tr><td><code>${b.datasetId}</code><br><span class="small muted">built ${b.builtAt.slice(0, 16).replace('T', ' ')} · ledger seq ${b.ledger.seq} · ${b.policy.id} v${b.policy.version}</span></td><td>${b.asOf.slice(0, 10)}</td><td class="num">${n(b.considered)}</td><td class="num">${n(b.included)}</td><td class="small">${counterText(b.excluded)}</td><td class="small">${counterText(b.redactions)}</td></tr>`)}
  </tbody></table></div>`}
</section>

<section class="card">
  <h2>Minors and sensitive groups</h2>
  <div class="table-wrap"><table><thead><tr><th>Build</th><th class="num">Minor (primary reason)</th><th class="num">Sensitive group (primary reason)</th></tr></thead><tbody>
  ${r.protected.perBuild.length === 0 ? html`<tr><td colspan="3" class="muted">No builds in this period.</td></tr>` : r.protected.perBuild.map((b) => html`<tr><td><code>${b.datasetId}</code></td><td class="num">${n(b.minor)}</td><td class="num">${n(b.sensitiveGroup)}</td></tr>`)}
  </tbody></table></div>
  <p class="small muted">Counts are by primary reason (the first that applies in the order of the policy's reasons), as in each build's manifest: an item of a minor that was also deleted counts as deleted.</p>
</section>`;
}

/** A standalone HTML document (its own stylesheet, SVG charts, no scripts). */
export function auditHtmlDocument(r: AuditReport, siteName: string): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>AI training audit report · ${siteName} · ${r.period.from.slice(0, 10)} to ${r.period.to.slice(0, 10)}</title>
<style>${raw(APP_CSS + EXTRA_CSS)}@media print{.card{break-inside:avoid;box-shadow:none}}</style></head>
<body><main>
<h1>AI training audit report</h1>
<p class="lead">${siteName} · training on members' content under the policy in force, with the choices, notices and builds of the period.</p>
${auditSections(r)}
<p class="small muted">Machine-readable: the same report as JSON (<code>consentgate report --format json</code>).</p>
</main></body></html>`.value;
}
