/**
 * The member portal's pages: overview, the regional notice, the "Data for Generative AI
 * Improvement" setting, the objection form and its receipt, "How my data was used", and erasure.
 * Views take plain data and return escaped HTML; the routes do the reading and writing.
 */
import { CONTENT_KINDS, type ContentKind } from '../../domain/entities.js';
import { DAY_MS, type Millis } from '../../domain/time.js';
import type { Reason } from '../../decision/reasons.js';
import type { Policy, Region } from '../../policy/policy.js';
import type { ConsentView, PurposeConsent } from '../../report/consent-view.js';
import type { MemberReport } from '../../report/member-report.js';
import { html, raw, type Html } from '../html.js';
import { formatDate, formatDateTime, hasKey, reasonText, regionName, type Key, type Lang, type Translate } from '../i18n.js';
import { csrfField, page, type NavLink } from '../layout.js';

export interface PortalShell {
  lang: Lang;
  t: Translate;
  siteName: string;
  csrf: string;
  /** Signed-in member, if any (the objection form is open to everyone). */
  member?: { id: string; name: string };
}

export interface Receipt {
  seq: number;
  hash: string;
  at: string;
}

export function portalNav(t: Translate): NavLink[] {
  return [
    { href: '/portal', label: t('nav.home') },
    { href: '/portal/notice', label: t('nav.notice') },
    { href: '/portal/setting', label: t('nav.setting') },
    { href: '/portal/objection', label: t('nav.objection') },
    { href: '/portal/report', label: t('nav.report') },
    { href: '/portal/erase', label: t('nav.erase') },
  ];
}

export function portalPage(s: PortalShell, o: { title: string; path: string; body: Html; narrow?: boolean }): Html {
  const who = s.member
    ? html`<span>${s.member.name}</span><form method="post" action="/portal/logout">${csrfField(s.csrf)}<button type="submit" class="link">${s.t('nav.signout')}</button></form>`
    : html``;
  return page({
    title: o.title,
    lang: s.lang,
    siteName: s.siteName,
    home: s.member ? '/portal' : '/',
    nav: s.member ? portalNav(s.t) : [],
    current: o.path,
    who,
    body: o.body,
    narrow: o.narrow ?? false,
    scripts: ['/assets/portal.js'],
    langSwitch: { t: s.t, path: o.path },
  });
}

export function receiptBox(s: PortalShell, r: Receipt, extra: Html = html``): Html {
  return html`<section class="receipt" aria-labelledby="receipt-title">
  <h2 id="receipt-title">${s.t('receipt.title')}</h2>
  <dl class="facts">
    ${extra}
    <dt>${s.t('receipt.seq')}</dt><dd data-receipt-seq>#${r.seq}</dd>
    <dt>${s.t('receipt.hash')}</dt><dd><code class="hash" data-receipt-hash>${r.hash}</code></dd>
    <dt>${s.t('receipt.at')}</dt><dd><time datetime="${r.at}">${formatDateTime(s.lang, Date.parse(r.at))}</time></dd>
  </dl>
  <p class="small muted">${s.t('receipt.verify')}</p>
</section>`;
}

const sourceText = (s: PortalShell, p: PurposeConsent, region: string): string => {
  if (p.source === 'default' || !p.event) return s.t('source.default', { region });
  const date = formatDate(s.lang, Date.parse(p.event.at));
  switch (p.event.method) {
    case 'setting': return s.t('source.setting', { date });
    case 'objection-form': return s.t('source.objection', { date });
    case 'gpc': return s.t('source.gpc', { date });
    default: return s.t('source.other', { date, method: p.event.method });
  }
};

/** What keeps the member's data out right now (person reasons), in the present tense. */
export function nowLines(s: PortalShell, reasons: readonly Reason[], region: Region | undefined, policy: Policy): string[] {
  const lines: string[] = [];
  for (const r of reasons) {
    switch (r) {
      case 'region-not-effective': lines.push(s.t('now.region-not-effective', { date: region?.effectiveFrom !== undefined ? formatDate(s.lang, region.effectiveFrom) : '' })); break;
      case 'not-notified': lines.push(s.t('now.not-notified', { days: region?.noticeDays ?? 30 })); break;
      case 'minor': lines.push(s.t('now.minor', { age: policy.minimumAge })); break;
      case 'region-excluded': case 'opted-out': case 'objected': case 'no-consent': case 'account-closed':
        lines.push(s.t(`now.${r}` as Key)); break;
      default: break;
    }
  }
  return lines;
}

export interface HomeModel {
  view: ConsentView;
  region: Region | undefined;
  now: Millis;
  noticeSeenAt?: Millis;
  datasetsWithMine: number;
  datasetsTotal: number;
  reasons: Reason[];
  policy: Policy;
}

export function homeView(s: PortalShell, m: HomeModel): Html {
  const genai = m.view.purposes.find((p) => p.purpose === m.view.policy.purpose)!;
  const region = m.region ? regionName(s.t, m.region.name) : '—';
  const eff = m.region?.effectiveFrom;
  const lines = nowLines(s, m.reasons, m.region, m.policy);
  return portalPage(s, {
    title: s.t('home.title'),
    path: '/portal',
    body: html`
<div class="hero"><h1>${s.t('home.hello', { name: s.member?.name ?? '' })}</h1><p>${s.t('home.lead', { site: s.siteName })}</p></div>
<div class="grid">
  <section class="card"><h2>${s.t('home.setting')}</h2>
    <p><span class="pill ${genai.choice === 'allow' ? 'on' : 'off'}" data-state="${genai.choice}">${genai.choice === 'allow' ? s.t('setting.on') : s.t('setting.off')}</span></p>
    <p class="small muted">${sourceText(s, genai, region)}</p>
    <p><a href="/portal/setting">${s.t('setting.title')} →</a></p></section>
  <section class="card"><h2>${s.t('home.notice')}</h2>
    <p><strong>${region}</strong>${eff !== undefined ? html`<br><span class="muted">${s.t(eff > m.now ? 'home.starts' : 'home.started', { date: formatDate(s.lang, eff) })}</span>` : ''}</p>
    <p class="small muted">${m.noticeSeenAt !== undefined ? s.t('home.noticeSeen', { date: formatDate(s.lang, m.noticeSeenAt) }) : ''}</p>
    <p><a href="/portal/notice">${m.noticeSeenAt !== undefined ? s.t('nav.notice') : s.t('home.noticeNotSeen')} →</a></p></section>
  <section class="card"><h2>${s.t('home.datasets')}</h2>
    <p><span class="big" data-datasets-mine="${m.datasetsWithMine}">${m.datasetsWithMine}</span> <span class="muted">${s.t('home.datasetsOf', { n: m.datasetsTotal })}</span></p>
    <p><a href="/portal/report">${s.t('nav.report')} →</a></p></section>
</div>
<section class="card"><h2>${s.t('setting.now')}</h2>
  ${lines.length === 0 ? html`<p>${s.t('now.used')}</p>` : html`<ul>${lines.map((l) => html`<li>${l}</li>`)}</ul>`}
  <div class="actions"><a class="button" href="/portal/setting">${s.t('notice.choiceSetting')}</a><a class="button secondary" href="/portal/objection">${s.t('notice.choiceObject')}</a></div>
</section>`,
  });
}

function kindList(s: PortalShell, kinds: readonly ContentKind[]): Html {
  return html`${kinds.map((k) => html`<li>${s.t(`kind.${k}` as Key)}</li>`)}`;
}

function joinOr(s: PortalShell, items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${s.t('or')} ${items.at(-1)!}`;
}

export interface NoticeModel {
  region: Region | undefined;
  policy: Policy;
  now: Millis;
  recorded?: { seq: number; at: Millis };
}

export function noticeView(s: PortalShell, m: NoticeModel): Html {
  const { region, policy } = m;
  let body: Html;
  if (!region || region.excluded) {
    body = html`<div class="card"><h1>${s.t('notice.title')}</h1>${region ? html`<p class="muted">${s.t('notice.region', { region: regionName(s.t, region.name) })}</p>` : ''}<p class="lead">${region ? s.t('notice.excluded') : s.t('notice.noRegion')}</p></div>`;
  } else {
    const eff = region.effectiveFrom!;
    const future = eff > m.now;
    const days = Math.ceil((eff - m.now) / DAY_MS);
    const used = CONTENT_KINDS.filter((k) => policy.kinds.has(k));
    const notUsed = CONTENT_KINDS.filter((k) => !policy.kinds.has(k));
    const vis = [...policy.visibility].map((v) => s.t(`vis.${v}` as Key));
    const cats = [...policy.excludeGroupCategories].map((c) => (hasKey(`cat.${c}`) ? s.t(`cat.${c}` as Key) : c));
    const basis = region.legalBasis ? s.t(`basis.${region.legalBasis}` as Key) : s.t('basis.none');
    body = html`
<div class="card">
  <p class="muted">${s.t('notice.region', { region: regionName(s.t, region.name) })}</p>
  <h1>${s.t('notice.title')}</h1>
  <p class="lead">${future ? s.t('notice.future', { date: formatDate(s.lang, eff), site: s.siteName }) : s.t('notice.past', { date: formatDate(s.lang, eff), site: s.siteName })}</p>
  ${future
    ? html`<div class="banner info countdown" role="status"><div class="days" data-countdown="${days}">${days}</div><div><strong>${s.t('notice.countdown', { days })}</strong><br>${s.t('notice.countdownLead')}</div></div>`
    : html`<div class="banner info">${s.t('notice.after')}</div>`}
  <dl class="facts">
    <dt>${s.t('notice.basis')}</dt><dd data-legal-basis>${basis}</dd>
    <dt>${s.t('setting.title')}</dt><dd>${region.default === 'allow' ? s.t('notice.defaultAllow') : s.t('notice.defaultDeny')}</dd>
  </dl>
</div>
<div class="cols">
  <section class="card"><h2>${s.t('notice.used')}</h2><ul class="ticks">${kindList(s, used)}</ul>
    <p class="small muted">${s.t('notice.visibility', { list: joinOr(s, vis) })}</p>
    ${region.contentNotBefore !== undefined ? html`<p class="small muted">${s.t('notice.before', { date: formatDate(s.lang, region.contentNotBefore) })}</p>` : ''}</section>
  <section class="card"><h2>${s.t('notice.notUsed')}</h2><ul class="crosses">${kindList(s, notUsed)}
    <li>${s.t('notice.minors', { age: policy.minimumAge })}</li>
    ${cats.length > 0 ? html`<li>${s.t('notice.sensitive', { list: cats.join(', ') })}</li>` : ''}</ul></section>
</div>
<section class="card"><h2>${s.t('notice.choices')}</h2>
  <div class="actions"><a class="button" href="/portal/setting">${s.t('notice.choiceSetting')}</a><a class="button secondary" href="/portal/objection">${s.t('notice.choiceObject')}</a></div>
  <p class="small muted">${region.notice ? s.t('notice.version', { version: region.notice.version, date: region.notice.announcedAt !== undefined ? formatDate(s.lang, region.notice.announcedAt) : '—' }) : ''}
  ${m.recorded ? html`<br><span data-notice-recorded="${m.recorded.seq}">${s.t('notice.recorded', { date: formatDate(s.lang, m.recorded.at), seq: m.recorded.seq })}</span>` : ''}</p>
</section>`;
  }
  return portalPage(s, { title: s.t('notice.title'), path: '/portal/notice', body });
}

export interface SettingModel {
  view: ConsentView;
  region: Region | undefined;
  policy: Policy;
  reasons: Reason[];
  receipt?: Receipt;
}

export function settingView(s: PortalShell, m: SettingModel): Html {
  const p = m.view.purposes.find((x) => x.purpose === m.view.policy.purpose)!;
  const on = p.choice === 'allow';
  const region = m.region ? regionName(s.t, m.region.name) : '—';
  const gpc = m.view.purposes.find((x) => x.purpose === 'train-ai')?.gpcSignal ?? m.view.purposes.find((x) => x.purpose === 'share-affiliates-ads')?.gpcSignal;
  const lines = nowLines(s, m.reasons, m.region, m.policy);
  return portalPage(s, {
    title: s.t('setting.title'),
    path: '/portal/setting',
    narrow: true,
    body: html`
${m.receipt ? html`<div class="banner ok" role="status" data-saved>${s.t('setting.saved')}</div>` : ''}
<div class="card">
  <h1>${s.t('setting.title')}</h1>
  <p>${s.t('setting.explain', { site: s.siteName })}</p>
  <form method="post" action="/portal/setting" id="setting-form">
    ${csrfField(s.csrf)}
    <input type="hidden" name="present" value="1">
    <div class="switch-row">
      <label class="switch" for="use-data">
        <span>${s.t('setting.toggle')}</span>
        <input type="checkbox" id="use-data" name="use" value="on" role="switch"${on ? raw(' checked') : ''} data-autosubmit>
        <span class="track" aria-hidden="true"></span>
      </label>
      <button type="submit" class="secondary">${s.t('setting.save')}</button>
    </div>
  </form>
  <dl class="facts">
    <dt>${s.t('setting.current')}</dt><dd><span class="pill ${on ? 'on' : 'off'}" id="setting-state" data-state="${p.choice}">${on ? s.t('setting.on') : s.t('setting.off')}</span></dd>
    <dt>${s.t('setting.source')}</dt><dd id="setting-source">${sourceText(s, p, region)}${p.event ? html` <span class="muted small">(#${p.event.seq})</span>` : ''}</dd>
  </dl>
  ${p.event?.method === 'objection-form' ? html`<p class="small muted">${s.t('setting.withdrawObjection')}</p>` : ''}
</div>
${m.receipt ? receiptBox(s, m.receipt) : ''}
${gpc ? html`<section class="card" id="gpc-card"><h2>${s.t('gpc.title')}</h2><p>${s.t('gpc.seen', { date: formatDate(s.lang, Date.parse(gpc.at)) })}</p><p class="small muted">${m.policy.honorGpc ? s.t('gpc.honored') : s.t('gpc.notHonored')} (#${gpc.seq})</p></section>` : ''}
<section class="card"><h2>${s.t('setting.now')}</h2>
  ${lines.length === 0 ? html`<p>${on ? s.t('now.used') : s.t('now.opted-out')}</p>` : html`<ul>${lines.map((l) => html`<li>${l}</li>`)}</ul>`}
  <p class="small"><a href="/portal/notice">${s.t('nav.notice')}</a> · <a href="/portal/objection">${s.t('notice.choiceObject')}</a></p>
</section>`,
  });
}

export interface ObjectionFormModel {
  values?: { purpose?: string; name?: string; emails?: string; handles?: string; urls?: string };
  error?: string;
  path: string;
}

export function objectionFormView(s: PortalShell, m: ObjectionFormModel): Html {
  const v = m.values ?? {};
  const purpose = v.purpose ?? 'train-genai';
  const radio = (value: string, key: Key) => html`<label class="choice"><input type="radio" name="purpose" value="${value}"${purpose === value ? raw(' checked') : ''}> <span>${s.t(key)}</span></label>`;
  return portalPage(s, {
    title: s.t('objection.title'),
    path: m.path,
    narrow: true,
    body: html`
<div class="card">
  <h1>${s.t('objection.title')}</h1>
  <p class="lead">${s.t('objection.lead')}</p>
  ${s.member ? html`<div class="banner info">${s.t('objection.member', { name: s.member.name })}</div>` : ''}
  ${m.error ? html`<div class="banner err" role="alert" id="form-error">${m.error}</div>` : ''}
  <form method="post" action="/objection" class="stack" id="objection-form">
    ${csrfField(s.csrf)}
    <fieldset><legend>${s.t('objection.purpose')}</legend>
      ${radio('train-genai', 'objection.genai')}
      ${radio('train-ai', 'objection.ai')}
    </fieldset>
    <fieldset><legend>${s.t('objection.about')}</legend>
      <p class="hint">${s.t('objection.aboutLead')}</p>
      <div class="stack">
      <label class="field" for="f-name">${s.t('objection.name')}<span class="hint" id="f-name-hint">${s.t('objection.nameHint')}</span>
        <input type="text" id="f-name" name="name" maxlength="200" autocomplete="name" aria-describedby="f-name-hint" value="${v.name ?? ''}"></label>
      <label class="field" for="f-emails">${s.t('objection.emails')}<span class="hint" id="f-emails-hint">${s.t('objection.emailsHint')}</span>
        <textarea id="f-emails" name="emails" rows="2" autocomplete="email" aria-describedby="f-emails-hint">${v.emails ?? ''}</textarea></label>
      <label class="field" for="f-handles">${s.t('objection.handles')}<span class="hint" id="f-handles-hint">${s.t('objection.handlesHint')}</span>
        <textarea id="f-handles" name="handles" rows="2" aria-describedby="f-handles-hint">${v.handles ?? ''}</textarea></label>
      <label class="field" for="f-urls">${s.t('objection.urls')}<span class="hint" id="f-urls-hint">${s.t('objection.urlsHint')}</span>
        <textarea id="f-urls" name="urls" rows="2" aria-describedby="f-urls-hint">${v.urls ?? ''}</textarea></label>
      </div>
    </fieldset>
    <p class="muted">${s.t('objection.noReason')}</p>
    <div class="actions"><button type="submit">${s.t('objection.submit')}</button></div>
  </form>
</div>`,
  });
}

export function objectionReceiptView(s: PortalShell, m: { id: string; receipt: Receipt; erasureCode?: string; member: boolean; purpose: string }): Html {
  const extra = html`<dt>${s.t('receipt.id')}</dt><dd><code data-objection-id>${m.id}</code></dd>${m.erasureCode ? html`<dt>${s.t('receipt.code')}</dt><dd><code data-erasure-code>${m.erasureCode}</code></dd>` : ''}`;
  return portalPage(s, {
    title: s.t('objection.done'),
    path: s.member ? '/portal/objection' : '/objection',
    narrow: true,
    body: html`
<div class="card">
  <h1 role="status">${s.t('objection.done')}</h1>
  <p>${s.t(m.purpose === 'train-genai' ? 'objection.genai' : 'objection.ai')}.</p>
  <p>${m.member ? s.t('objection.nextMember') : s.t('objection.nextOther')}</p>
  ${receiptBox(s, m.receipt, extra)}
  ${m.erasureCode ? html`<p class="small">${s.t('objection.keep')} <a href="/objection/erase">${s.t('objection.eraseLink')}</a></p>` : ''}
  <p><a href="${s.member ? '/portal' : '/'}">← ${s.t('nav.home')}</a></p>
</div>`,
  });
}

export function reportView(s: PortalShell, r: MemberReport): Html {
  const date = (iso: string) => formatDate(s.lang, Date.parse(iso));
  const sections = r.datasets.length === 0
    ? html`<div class="card"><p class="muted">${s.t('report.none')}</p></div>`
    : html`${[...r.datasets].reverse().map((d) => html`
<section class="card dataset" data-dataset="${d.datasetId}">
  <h2>${s.t('report.asOf', { date: date(d.asOf) })}</h2>
  <p class="small muted"><code>${d.datasetId}</code> · ${s.t('report.built', { date: date(d.builtAt) })} · ${d.policy.id} v${d.policy.version}</p>
  <div class="kv"><span class="pill ${d.included.count > 0 ? 'warn' : 'on'}" data-included="${d.included.count}">${s.t('report.in', { n: d.included.count })}</span>
    <span class="pill">${s.t('report.out', { n: d.excluded.count })}</span>${d.postedLater > 0 ? html`<span class="pill">${s.t('report.later', { n: d.postedLater })}</span>` : ''}</div>
  ${d.included.count > 0 ? html`<details><summary>${s.t('report.inList')} (${d.included.count})</summary><div class="table-wrap"><table><thead><tr><th>${s.t('report.kind')}</th><th>${s.t('report.date')}</th><th>${s.t('report.item')}</th></tr></thead><tbody>
    ${d.included.items.map((i) => html`<tr><td>${s.t(`kind.${i.kind}` as Key)}</td><td>${date(i.createdAt)}</td><td>${i.excerpt}</td></tr>`)}</tbody></table></div></details>` : ''}
  ${d.excluded.count > 0 ? html`<details${d.included.count === 0 ? raw(' open') : ''}><summary>${s.t('report.outList')} (${d.excluded.count})</summary><div class="table-wrap"><table><thead><tr><th>${s.t('report.kind')}</th><th>${s.t('report.date')}</th><th>${s.t('report.item')}</th><th>${s.t('report.why')}</th></tr></thead><tbody>
    ${d.excluded.items.map((i) => html`<tr><td>${s.t(`kind.${i.kind}` as Key)}</td><td>${date(i.createdAt)}</td><td>${i.excerpt}</td><td>${i.reasons.length > 0 ? i.reasons.map((x) => reasonText(s.t, x)).join(' ') : i.explanation}</td></tr>`)}</tbody></table></div></details>` : ''}
</section>`)}`;
  return portalPage(s, {
    title: s.t('report.title'),
    path: '/portal/report',
    body: html`
<div class="card"><h1>${s.t('report.title')}</h1><p class="lead">${s.t('report.lead')}</p>
  <div class="actions"><a class="button" href="/portal/report.json" download>${s.t('report.download')}</a><span class="small muted">${s.t('report.downloadHint')}</span></div></div>
${sections}`,
  });
}

export function eraseView(s: PortalShell, m: { lines: string[]; rows: number; done?: number; action: string; hidden?: Record<string, string> }): Html {
  const body = m.done !== undefined
    ? html`<div class="banner ok" role="status">${s.t('erase.done', { n: m.done })}</div>`
    : m.rows === 0
      ? html`<p>${s.t('erase.nothing')}</p>`
      : html`<h2>${s.t('erase.impact')}</h2><div class="banner warn" id="erasure-impact">${m.lines.filter((l) => !l.startsWith('- ')).map((l) => html`<p>${l}</p>`)}<ul>${m.lines.filter((l) => l.startsWith('- ')).map((l) => html`<li>${l.slice(2)}</li>`)}</ul></div>
        <form method="post" action="${m.action}">${csrfField(s.csrf)}${Object.entries(m.hidden ?? {}).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}<input type="hidden" name="confirm" value="yes">
        <button type="submit" class="danger">${s.t('erase.confirm')}</button></form>`;
  return portalPage(s, {
    title: s.t('erase.title'),
    path: '/portal/erase',
    narrow: true,
    body: html`<div class="card"><h1>${s.t('erase.title')}</h1><p class="lead">${s.t('erase.lead')}</p>${body}</div>`,
  });
}
