/** The start page: in the demo, a member picker that issues member tokens; otherwise a landing page. */
import { html, type Html } from '../html.js';
import { csrfField, page } from '../layout.js';

export interface PickerMember {
  id: string;
  name: string;
  country: string;
  region: string;
  badges: { text: string; kind: 'on' | 'off' | 'warn' | '' }[];
}

export function homeView(o: { siteName: string; csrf: string; demo: boolean; picker: boolean; members: PickerMember[]; notice?: string; counts?: { members: number; items: number; entries: number; datasets: number } }): Html {
  const picker = o.picker
    ? html`<section class="card" aria-labelledby="picker-title">
  <h2 id="picker-title">Sign in as a member</h2>
  <p class="muted">A demo has no passwords: pick a member and the server issues a signed member token (a JWT with <code>sub</code> = the member id) for this browser.</p>
  <div class="picker" id="member-picker">
    ${o.members.map((m) => html`<form method="post" action="/demo/login">${csrfField(o.csrf)}<input type="hidden" name="memberId" value="${m.id}">
      <button type="submit" data-member="${m.id}"><strong>${m.name}</strong><span class="small muted">${m.id} · ${m.country} · ${m.region}</span><br>${m.badges.map((b) => html`<span class="pill ${b.kind}">${b.text}</span> `)}</button></form>`)}
  </div>
  <form method="post" action="/demo/login" class="actions">${csrfField(o.csrf)}
    <label for="member-id" class="sr-only">Member id</label><input type="text" id="member-id" name="memberId" placeholder="or any member id, e.g. m-00000042" required>
    <button type="submit" class="secondary">Sign in</button></form>
</section>` : html`<section class="card"><h2>Members</h2><p>Members reach their privacy pages from the platform, which signs them in with a token. For a test, paste a member token:</p>
  <form method="post" action="/portal/session" class="actions"><label for="token" class="sr-only">Member token</label><input type="password" id="token" name="token" placeholder="member JWT" required><button type="submit" class="secondary">Sign in</button></form></section>`;
  const counts = o.counts
    ? html`<div class="tiles"><div class="tile"><div class="n">${o.counts.members.toLocaleString('en-GB')}</div><div class="l">members</div></div><div class="tile"><div class="n">${o.counts.items.toLocaleString('en-GB')}</div><div class="l">content items</div></div><div class="tile"><div class="n">${o.counts.entries.toLocaleString('en-GB')}</div><div class="l">ledger entries</div></div><div class="tile"><div class="n">${o.counts.datasets}</div><div class="l">datasets built</div></div></div>`
    : '';
  return page({
    title: 'Privacy and AI',
    lang: 'en',
    siteName: o.siteName,
    body: html`
<div class="hero"><h1>Your data and AI training at ${o.siteName}</h1>
<p>Every choice about AI training is recorded in a tamper-evident ledger; datasets are built only from what the policy and each person's choice allow — and anyone can check.</p></div>
${o.notice ? html`<div class="banner warn" role="status">${o.notice}</div>` : ''}
${counts}
${picker}
<div class="grid">
  <section class="card"><h2>Not a member?</h2><p>Object to the use of data about you (for example where members mention you) for training AI. No account and no reason needed.</p><p><a class="button" href="/objection">Data Processing Objection form</a></p></section>
  <section class="card"><h2>Privacy team</h2><p>Opt-out and objection rates by region, builds and their exclusions, the ledger and its verification, the audit report.</p>
    ${o.demo ? html`<form method="post" action="/demo/operator">${csrfField(o.csrf)}<button type="submit" id="operator-signin">Open the operator console</button></form>` : html`<p><a class="button" href="/console/login">Operator sign-in</a></p>`}</section>
  <section class="card"><h2>Developers</h2><p>The HTTP API under <code>/api/v1/</code>, described by OpenAPI 3.1.</p><p><a class="button secondary" href="/docs">API docs</a> <a href="/openapi.json">openapi.json</a></p></section>
</div>`,
  });
}
