/** The operator console's pages (privacy and ML teams). Charts are drawn by Chart.js from a JSON block. */
import { REASONS } from '../../decision/reasons.js';
import { PURPOSE_TITLES } from '../../domain/purpose.js';
import { formatTime } from '../../domain/time.js';
import type { Policy } from '../../policy/policy.js';
import type { AuditReport, BuildSummary } from '../../report/audit-report.js';
import type { ObjectionRecord } from '../../storage/store.js';
import { html, jsonData, type Html } from '../html.js';
import { formatDate, formatDateTime, regionName, translator } from '../i18n.js';
import { csrfField, page } from '../layout.js';

const en = translator('en');
const n = (v: number): string => v.toLocaleString('en-GB');
const regionLabel = (r: string): string => regionName(en, r);

export interface ChartSpec {
  type: 'line' | 'bar';
  labels: string[];
  series: { label: string; data: number[] }[];
  stacked?: boolean;
  yTitle?: string;
}

export function consolePage(o: { siteName: string; csrf: string; title: string; path: string; body: Html; charts?: Record<string, ChartSpec> }): Html {
  const nav = [
    { href: '/console', label: 'Overview' },
    { href: '/console/datasets', label: 'Datasets' },
    { href: '/console/objections', label: 'Objections' },
    { href: '/console/policy', label: 'Policy' },
    { href: '/console/report', label: 'Audit report' },
  ];
  const charts = o.charts ? html`<script type="application/json" id="chart-data">${jsonData(o.charts)}</script>` : '';
  return page({
    title: o.title,
    lang: 'en',
    siteName: o.siteName,
    area: 'Privacy console',
    home: '/console',
    nav,
    current: o.path,
    who: html`<span>Operator</span><form method="post" action="/console/logout">${csrfField(o.csrf)}<button type="submit" class="link">Sign out</button></form>`,
    body: html`${o.body}${charts}`,
    scripts: o.charts ? ['/assets/chart.umd.min.js', '/assets/console.js'] : ['/assets/console.js'],
  });
}

export function loginView(siteName: string, csrf: string, error?: string): Html {
  return page({
    title: 'Operator sign-in', lang: 'en', siteName, area: 'Privacy console', narrow: true,
    body: html`<div class="card"><h1>Operator sign-in</h1>
      ${error ? html`<div class="banner err" role="alert">${error}</div>` : ''}
      <form method="post" action="/console/login" class="stack">${csrfField(csrf)}
        <label class="field" for="op-token">Operator token<span class="hint">CONSENTGATE_OPERATOR_TOKEN, or the one <code>serve</code> printed at start.</span>
        <input type="password" id="op-token" name="token" required autocomplete="off"></label>
        <div class="actions"><button type="submit">Sign in</button></div></form></div>`,
  });
}

export function buildsChart(builds: BuildSummary[]): ChartSpec {
  const used = REASONS.filter((r) => builds.some((b) => (b.excluded[r] ?? 0) > 0));
  return {
    type: 'bar', stacked: true, yTitle: 'items',
    labels: builds.map((b) => `${b.asOf.slice(0, 10)} · …${b.datasetId.slice(-8)}`),
    series: [{ label: 'included', data: builds.map((b) => b.included) }, ...used.map((r) => ({ label: r, data: builds.map((b) => b.excluded[r] ?? 0) }))],
  };
}

export function rateCharts(r: AuditReport): { optOut: ChartSpec; objected: ChartSpec } {
  const regions = r.rates.regions.filter((x) => r.rates.population[x]!.some((p) => p > 0));
  return {
    optOut: { type: 'line', yTitle: '% of accounts', labels: r.rates.labels, series: regions.map((x) => ({ label: regionLabel(x), data: r.rates.optedOutPct[x]! })) },
    objected: { type: 'line', yTitle: '% of accounts', labels: r.rates.labels, series: regions.map((x) => ({ label: regionLabel(x), data: r.rates.objectedPct[x]! })) },
  };
}

export interface OverviewModel {
  counts: { members: number; items: number; entries: number };
  head: { seq: number; hash: string };
  verification?: { ok: boolean; entries?: number | undefined; firstBadSeq?: number | undefined; why?: string | undefined; seconds: number; verifiedAt: string };
  audit: AuditReport;
  objections: number;
  policy: Policy;
}

export function overviewBody(m: OverviewModel, csrf: string): Html {
  const r = m.audit;
  const last = r.rates.labels.length - 1;
  const regions = r.rates.regions.filter((x) => r.rates.population[x]!.some((p) => p > 0));
  const v = m.verification;
  return html`
<h1>Overview</h1>
<div class="tiles">
  <div class="tile"><div class="n">${n(m.counts.members)}</div><div class="l">members</div></div>
  <div class="tile"><div class="n">${n(m.counts.items)}</div><div class="l">content items</div></div>
  <div class="tile"><div class="n">${n(m.counts.entries)}</div><div class="l">ledger entries</div></div>
  <div class="tile"><div class="n">${n(m.objections)}</div><div class="l">objections</div></div>
  <div class="tile"><div class="n">${n(r.builds.length)}</div><div class="l">builds</div></div>
</div>
<section class="card" id="ledger-card"><h2>Consent ledger</h2>
  <dl class="facts"><dt>Head</dt><dd>seq <strong id="head-seq">${n(m.head.seq)}</strong> · <code class="hash">${m.head.hash}</code></dd></dl>
  ${v ? (v.ok
    ? html`<div class="banner ok" role="status" id="verify-result" data-ok="true">Verified ${formatDateTime('en', Date.parse(v.verifiedAt))}: ${n(v.entries ?? 0)} entries, the hash chain and every kept personal-data commitment check out (${v.seconds} s).</div>`
    : html`<div class="banner err" role="alert" id="verify-result" data-ok="false">Verification FAILED: first bad seq ${v.firstBadSeq ?? '?'} — ${v.why ?? ''}</div>`) : ''}
  <form method="post" action="/console/verify">${csrfField(csrf)}<button type="submit" id="verify-button">Verify the ledger</button></form>
</section>
<div class="two">
  <section class="card"><h2>Opt-out rate by region</h2><p class="small muted">Share of open accounts whose setting for <code>${m.policy.purpose}</code> is off, at the end of each ${r.period.bucket}.</p><div class="chart-box"><canvas id="chart-optout" role="img" aria-label="Opt-out rate by region over time"></canvas></div></section>
  <section class="card"><h2>Objection rate by region</h2><p class="small muted">Share of open accounts whose objection decides <code>${m.policy.purpose}</code>.</p><div class="chart-box"><canvas id="chart-objected" role="img" aria-label="Objection rate by region over time"></canvas></div></section>
</div>
<section class="card"><h2>Now, by region</h2><div class="table-wrap"><table><thead><tr><th>Region</th><th class="num">Open accounts</th><th class="num">Opted out</th><th class="num">Objected</th><th class="num">Notices served</th></tr></thead><tbody>
  ${regions.map((x) => html`<tr><td>${regionLabel(x)}</td><td class="num">${n(r.rates.population[x]![last] ?? 0)}</td><td class="num">${r.rates.optedOutPct[x]![last] ?? 0}%</td><td class="num">${r.rates.objectedPct[x]![last] ?? 0}%</td><td class="num">${n(r.notices.byRegion[x]?.total ?? 0)}</td></tr>`)}
</tbody></table></div></section>
<section class="card"><h2>Builds: included and excluded by reason</h2><div class="chart-box"><canvas id="chart-builds" role="img" aria-label="Items per build"></canvas></div><p><a href="/console/datasets">All builds →</a></p></section>`;
}

export function datasetsBody(builds: BuildSummary[], jobs: { id: string; state: string; createdAt: string; datasetId?: string; error?: string; request: Record<string, unknown> }[], csrf: string, canBuild: boolean, built?: string): Html {
  return html`
<h1>Datasets</h1>
${built ? html`<div class="banner ok" role="status">Build finished: <a href="/console/datasets/${built}"><code>${built}</code></a></div>` : ''}
<section class="card"><h2>Start a build</h2>
  ${canBuild ? html`<form method="post" action="/console/datasets" class="actions" id="build-form">${csrfField(csrf)}
    <label for="as-of">As of</label><input type="date" id="as-of" name="asOf" required value="${new Date().toISOString().slice(0, 10)}">
    <label for="format">Format</label><select id="format" name="format"><option value="jsonl">JSON Lines</option><option value="parquet">Parquet</option></select>
    <button type="submit">Build</button></form>
    <p class="small muted">The build decides every item as of that moment under the policy in force, redacts personal data, writes data, manifest and dataset card, and records the lineage.</p>`
    : html`<p class="muted">This server was started without a dataset builder.</p>`}
</section>
<section class="card"><h2>Included and excluded by reason</h2><div class="chart-box"><canvas id="chart-builds" role="img" aria-label="Items per build"></canvas></div></section>
<section class="card"><h2>Builds</h2><div class="table-wrap"><table id="builds-table"><thead><tr><th>Dataset</th><th>As of</th><th>Built</th><th>Policy</th><th class="num">Considered</th><th class="num">Included</th><th class="num">Excluded</th><th class="num">Redactions</th></tr></thead><tbody>
  ${builds.length === 0 ? html`<tr><td colspan="8" class="muted">No builds yet.</td></tr>` : [...builds].reverse().map((b) => html`<tr><td><a href="/console/datasets/${encodeURIComponent(b.datasetId)}"><code>${b.datasetId}</code></a></td><td>${b.asOf.slice(0, 10)}</td><td>${b.builtAt.slice(0, 16).replace('T', ' ')}</td><td>${b.policy.id} v${b.policy.version}</td><td class="num">${n(b.considered)}</td><td class="num">${n(b.included)}</td><td class="num">${n(b.considered - b.included)}</td><td class="num">${n(Object.values(b.redactions).reduce((a, c) => a + c, 0))}</td></tr>`)}
</tbody></table></div></section>
${jobs.length > 0 ? html`<section class="card"><h2>Recent jobs</h2><table><thead><tr><th>Job</th><th>Started</th><th>As of</th><th>State</th></tr></thead><tbody>
  ${jobs.slice(0, 10).map((j) => html`<tr><td><a href="/console/jobs/${j.id}"><code>${j.id}</code></a></td><td>${j.createdAt.slice(0, 19).replace('T', ' ')}</td><td>${String(j.request.asOf ?? '').slice(0, 10)}</td><td><span class="pill ${j.state === 'succeeded' ? 'on' : j.state === 'failed' ? 'off' : 'warn'}">${j.state}</span> ${j.error ?? ''}</td></tr>`)}</tbody></table></section>` : ''}`;
}

export function jobBody(job: { id: string; state: string; request: Record<string, unknown>; progress?: { stage: string; done: number; total: number }; datasetId?: string; error?: string }): Html {
  const p = job.progress;
  return html`<h1>Build job</h1><section class="card" data-job="${job.id}" data-state="${job.state}" id="job">
  <p>Job <code>${job.id}</code> · as of ${String(job.request.asOf ?? '').slice(0, 10)} · ${String(job.request.format ?? '')}</p>
  <label for="job-progress" class="sr-only">Progress</label><progress id="job-progress" max="${p?.total || 1}" value="${p?.done ?? 0}"></progress>
  <p data-job-text aria-live="polite">${job.state === 'running' && p ? `${p.stage}: ${p.done} / ${p.total}` : job.state}${job.error ? `: ${job.error}` : ''}</p>
  ${job.datasetId ? html`<p><a href="/console/datasets/${job.datasetId}">Open the dataset <code>${job.datasetId}</code></a></p>` : html`<p class="small muted">This page follows the job live; <a href="/console/jobs/${job.id}">reload</a> if scripts are off.</p>`}
</section>`;
}

export function datasetBody(b: BuildSummary, manifest: Record<string, unknown>, location: string): Html {
  const files = Array.isArray(manifest.files) ? (manifest.files as { path?: string; sha256?: string; rows?: number }[]) : [];
  return html`<h1>Dataset <code>${b.datasetId}</code></h1>
<div class="tiles"><div class="tile"><div class="n">${n(b.considered)}</div><div class="l">considered</div></div><div class="tile"><div class="n">${n(b.included)}</div><div class="l">included</div></div><div class="tile"><div class="n">${n(b.considered - b.included)}</div><div class="l">excluded</div></div></div>
<div class="two">
<section class="card"><h2>Build</h2><dl class="facts"><dt>As of</dt><dd>${formatDateTime('en', Date.parse(b.asOf))}</dd><dt>Built</dt><dd>${formatDateTime('en', Date.parse(b.builtAt))}</dd>
  <dt>Policy</dt><dd>${b.policy.id} v${b.policy.version}<br><code class="hash small">${b.policy.sha256}</code></dd><dt>Ledger head</dt><dd>seq ${n(b.ledger.seq)}<br><code class="hash small">${b.ledger.hash}</code></dd>
  <dt>Merkle root</dt><dd><code class="hash small">${b.merkleRoot ?? '—'}</code></dd><dt>Location</dt><dd><code class="small">${location}</code></dd></dl></section>
<section class="card"><h2>Excluded by primary reason</h2><table><tbody>${REASONS.map((r) => html`<tr><td><code>${r}</code></td><td class="num">${n(b.excluded[r] ?? 0)}</td></tr>`)}</tbody></table></section>
</div>
<div class="two">
<section class="card"><h2>Redactions</h2><table><tbody>${Object.entries(b.redactions).map(([k, v]) => html`<tr><td>${k}</td><td class="num">${n(v)}</td></tr>`)}${Object.entries(b.transforms).map(([k, v]) => html`<tr><td>${k} (replacements)</td><td class="num">${n(v)}</td></tr>`)}</tbody></table></section>
<section class="card"><h2>Files</h2><table><tbody>${files.map((f) => html`<tr><td><code>${f.path ?? ''}</code></td><td class="num">${n(f.rows ?? 0)} rows</td><td><code class="hash small">${(f.sha256 ?? '').slice(0, 16)}…</code></td></tr>`)}</tbody></table></section>
</div>
<section class="card"><details><summary>manifest.json</summary><pre class="mono small">${JSON.stringify(manifest, null, 2)}</pre></details></section>`;
}

export function objectionsBody(list: ObjectionRecord[], members: ReadonlySet<string>, total: number): Html {
  const effects = (o: ObjectionRecord): Html => {
    const out: Html[] = [];
    if (members.has(o.entry.subject)) out.push(html`<li>excludes the member's own items (<code>${o.entry.purpose}</code>)</li>`);
    const ids = o.identifiers;
    if (!ids) {
      if (o.entry.personalData !== undefined) out.push(html`<li class="stat-bad">identifiers erased: no longer redacts anything</li>`);
    } else {
      if (ids.name) out.push(ids.name.trim().split(/\s+/).length >= 2 ? html`<li>“${ids.name}” → <code>[PERSON]</code></li>` : html`<li>“${ids.name}”: one word, kept but not used</li>`);
      for (const e of ids.emails ?? []) out.push(html`<li>${e} → <code>[EMAIL]</code></li>`);
      for (const h of ids.handles ?? []) out.push(html`<li>@${h} → <code>[PERSON]</code></li>`);
      if (ids.urls?.length) out.push(html`<li class="muted">${ids.urls.length} link(s) as evidence</li>`);
    }
    return html`<ul class="small">${out}</ul>`;
  };
  return html`<h1>Objections</h1><p class="lead">Every objection in the ledger, newest first, and what it does to the next build. Identifiers are a suppression list: they stay while the objection stands, unless the person asks for them to be erased.</p>
<section class="card"><p class="muted small">${n(total)} objection(s)${total > list.length ? `; showing the newest ${list.length}` : ''}.</p><div class="table-wrap"><table id="objections-table"><thead><tr><th>Seq</th><th>When</th><th>Subject</th><th>Purpose</th><th>What it does</th></tr></thead><tbody>
${list.map((o) => html`<tr><td class="num">${o.entry.seq}</td><td>${formatTime(o.entry.at).slice(0, 16).replace('T', ' ')}</td><td><code>${o.entry.subject}</code>${members.has(o.entry.subject) ? html` <span class="pill">member</span>` : html` <span class="pill">non-member</span>`}</td><td>${PURPOSE_TITLES[o.entry.purpose]}</td><td>${effects(o)}</td></tr>`)}
</tbody></table></div></section>`;
}

export function policyBody(p: Policy): Html {
  const list = (xs: Iterable<string>) => [...xs].map((x) => html`<code>${x}</code> `);
  return html`<h1>Policy in force</h1>
<section class="card"><dl class="facts">
  <dt>Id and version</dt><dd><code>${p.id}</code> version ${p.version}</dd>
  <dt>Purpose</dt><dd><code>${p.purpose}</code> — ${PURPOSE_TITLES[p.purpose]}</dd>
  <dt>sha256</dt><dd><code class="hash">${p.sha256}</code></dd>
  <dt>Minimum age</dt><dd>${p.minimumAge} (and members with a secondary-school signal)</dd>
  <dt>Kinds used</dt><dd>${list(p.kinds)}</dd>
  <dt>Shared content only when</dt><dd>${list(p.visibility)}</dd>
  <dt>Sensitive group categories excluded</dt><dd>${list(p.excludeGroupCategories)}</dd>
  <dt>GPC</dt><dd>${p.honorGpc ? 'honoured: gpc events decide this purpose' : 'recorded and shown, but not deciding this purpose'}</dd>
  <dt>Redacted entities</dt><dd>${list(p.redact)}</dd>
</dl></section>
<section class="card"><h2>Regions (first match wins)</h2><div class="table-wrap"><table><thead><tr><th>Region</th><th>Countries</th><th>Effective from</th><th>Default</th><th>Legal basis</th><th>Notice</th><th>Content not before</th></tr></thead><tbody>
${p.regions.map((r) => html`<tr><td><strong>${regionLabel(r.name)}</strong><br><code class="small">${r.name}</code></td><td class="small">${r.countries === '*' ? 'all others' : r.countries.join(' ')}</td>
  <td>${r.excluded ? html`<span class="pill off">excluded</span>` : r.effectiveFrom !== undefined ? formatDate('en', r.effectiveFrom) : '—'}</td>
  <td>${r.excluded ? '—' : html`<span class="pill ${r.default === 'allow' ? 'on' : 'off'}">${r.default === 'allow' ? 'on (opt-out)' : 'off (opt-in)'}</span>`}</td>
  <td>${r.legalBasis ?? '—'}</td>
  <td class="small">${r.notice ? html`<code>${r.notice.version}</code>${r.notice.announcedAt !== undefined ? `, announced ${formatDate('en', r.notice.announcedAt)}` : ''}${r.requireNotice ? html`<br>required ${r.noticeDays} days ahead` : ''}` : '—'}</td>
  <td>${r.contentNotBefore !== undefined ? formatDate('en', r.contentNotBefore) : '—'}</td></tr>`)}
</tbody></table></div></section>`;
}

export function reportFormBody(from: string, to: string, sections: Html): Html {
  const q = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  return html`<h1>Audit report</h1>
<section class="card"><form method="get" action="/console/report" class="actions">
  <label for="r-from">From</label><input type="date" id="r-from" name="from" value="${from}" required>
  <label for="r-to">To</label><input type="date" id="r-to" name="to" value="${to}" required>
  <button type="submit" class="secondary">Show</button>
  <a class="button" href="/console/report.html?${q}" id="download-html">Download HTML</a>
  <a class="button secondary" href="/console/report.json?${q}" id="download-json">Download JSON</a></form>
  <p class="small muted">The same report as <code>consentgate report --from ${from} --to ${to}</code>.</p></section>
${sections}`;
}

