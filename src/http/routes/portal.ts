/**
 * The member portal (server-rendered): overview, notice, setting, objection form (also open to
 * non-members at `/objection`), "How my data was used" with its JSON download, and erasure. Every
 * form carries a CSRF token; a signed-in member's `Sec-GPC: 1` is recorded once per change.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { reasonsOf } from '../../decision/reasons.js';
import { standingOf } from '../../decision/standing.js';
import type { Member } from '../../domain/entities.js';
import { isId } from '../../domain/ids.js';
import type { Purpose } from '../../domain/purpose.js';
import { formatTime } from '../../domain/time.js';
import { asOf as rowAsOf } from '../../domain/versioned.js';
import { erasureImpact } from '../../ledger/erasure-impact.js';
import type { SubjectLedger } from '../../storage/store.js';
import { consentView, type ConsentView } from '../../report/consent-view.js';
import { buildMemberReport, loadMemberFacts } from '../../report/member-report.js';
import { html } from '../../web/html.js';
import { isLang, pickLang, translator, type Lang } from '../../web/i18n.js';
import { csrfField } from '../../web/layout.js';
import {
  eraseView, homeView, noticeView, objectionFormView, objectionReceiptView, portalPage, reportView, settingView, type PortalShell,
} from '../../web/views/portal.js';
import type { App } from '../app.js';
import { LANG_COOKIE, type AppContext } from '../context.js';
import { evidenceOf } from '../evidence.js';
import { fileObjection } from '../objection-service.js';
import { HttpProblem, problem } from '../problem.js';
import { recordSetting, receiptOf } from './members.js';
import { ObjectionBody } from './objections.js';

interface MemberState {
  memberId: string;
  rows: Member[];
  member: Member;
  ledger: SubjectLedger;
  view: ConsentView;
  shell: PortalShell;
}

const html200 = (reply: FastifyReply, body: { value: string }, status = 200): FastifyReply =>
  reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body.value);

const lines = (v: unknown): string[] => (typeof v === 'string' ? v.split(/[\n,;]+/).map((x) => x.trim()).filter(Boolean) : []);

export function registerPortal(app: App, ctx: AppContext): void {
  const csrf = { preHandler: app.csrfProtection, schema: { hide: true } };
  const hide = { schema: { hide: true } };

  const langOf = (req: FastifyRequest, reply: FastifyReply, facts: { country?: string; recorded?: string } = {}): Lang => {
    const q = (req.query as { lang?: string } | undefined)?.lang;
    if (isLang(q)) reply.setCookie(LANG_COOKIE, q, ctx.cookieOptions(365 * 86400));
    return pickLang({ explicit: isLang(q) ? q : req.cookies[LANG_COOKIE], recorded: facts.recorded, country: facts.country, acceptLanguage: req.headers['accept-language'] });
  };

  const shellFor = (req: FastifyRequest, reply: FastifyReply, lang: Lang, member?: { id: string; name: string }): PortalShell => {
    const s: PortalShell = { lang, t: translator(lang), siteName: ctx.siteName, csrf: reply.generateCsrf() };
    if (member) s.member = member;
    return s;
  };

  /** The signed-in member and what every portal page shows; redirects to the start when signed out. */
  const memberState = async (req: FastifyRequest, reply: FastifyReply): Promise<MemberState | undefined> => {
    const memberId = await ctx.portalMember(req);
    if (memberId === undefined) {
      void reply.redirect('/?signin=required', 303);
      return undefined;
    }
    const rows = await ctx.store.memberRows(memberId);
    const now = ctx.now();
    const member = rowAsOf(rows, now);
    if (!member) {
      ctx.endSessions(reply);
      void reply.redirect('/?signin=unknown', 303);
      return undefined;
    }
    const ledger = await ctx.store.subjectLedger(memberId);
    const pd = await ctx.store.personalDataOf(ledger.events.map((e) => e.seq));
    let recorded: string | undefined;
    for (const row of pd) {
      const lang = (row.data as { evidence?: { language?: unknown } }).evidence?.language;
      if (typeof lang === 'string') recorded = lang;
    }
    const lang = langOf(req, reply, { country: member.country, ...(recorded !== undefined ? { recorded } : {}) });
    return {
      memberId, rows, member, ledger,
      view: consentView(memberId, rows, ledger.events, ctx.policy, now),
      shell: shellFor(req, reply, lang, { id: memberId, name: member.name }),
    };
  };

  const personReasons = (st: MemberState) => reasonsOf(standingOf({ member: st.rows, events: st.ledger.events, notices: st.ledger.notices }, ctx.policy, ctx.now()).mask);
  const regionOfState = (st: MemberState) => ctx.policy.regions.find((r) => r.name === st.view.region?.name);

  app.post('/portal/session', hide, async (req, reply) => {
    const token = (req.body as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || token === '') throw problem.invalid('Give a member token.');
    await ctx.auth.verifyMemberToken(token);
    ctx.startMemberSession(reply, token);
    return reply.redirect('/portal', 303);
  });

  app.post('/portal/logout', csrf, async (_req, reply) => {
    ctx.endSessions(reply);
    return reply.redirect('/', 303);
  });

  app.get('/portal', hide, async (req, reply) => {
    const st = await memberState(req, reply);
    if (!st) return reply;
    const region = regionOfState(st);
    const [mine, all] = await Promise.all([ctx.store.memberDatasets(st.memberId), ctx.store.datasets()]);
    const version = region?.notice?.version;
    const seen = version ? st.ledger.notices.filter((n) => n.noticeVersion === version).at(0) : undefined;
    return html200(reply, homeView(st.shell, {
      view: st.view, region, now: ctx.now(), datasetsWithMine: mine.filter((d) => d.itemIds.length > 0).length, datasetsTotal: all.length,
      reasons: personReasons(st), policy: ctx.policy, ...(seen ? { noticeSeenAt: seen.at } : {}),
    }));
  });

  app.get('/portal/notice', hide, async (req, reply) => {
    const st = await memberState(req, reply);
    if (!st) return reply;
    const region = regionOfState(st);
    let recorded: { seq: number; at: number } | undefined;
    const version = region && !region.excluded ? region.notice?.version : undefined;
    if (version !== undefined) {
      // Showing the notice is serving it: recorded once per version in the app (the ledger keeps the first).
      if (!st.ledger.notices.some((n) => n.noticeVersion === version && n.channel === 'in-app')) {
        const [entry] = await ctx.store.append([{ kind: 'notice', notice: { subject: st.memberId, at: ctx.now(), noticeVersion: version, channel: 'in-app' } }]);
        st.ledger.notices.push(entry as (typeof st.ledger.notices)[number]);
      }
      // What the member is told is when the notice first reached them (any channel): that starts the notice period.
      const first = st.ledger.notices.filter((n) => n.noticeVersion === version).sort((a, b) => a.at - b.at || a.seq - b.seq)[0]!;
      recorded = { seq: first.seq, at: first.at };
    }
    return html200(reply, noticeView(st.shell, { region, policy: ctx.policy, now: ctx.now(), ...(recorded ? { recorded } : {}) }));
  });

  app.get('/portal/setting', hide, async (req, reply) => {
    const st = await memberState(req, reply);
    if (!st) return reply;
    const saved = Number((req.query as { saved?: string }).saved);
    const entry = Number.isInteger(saved) ? st.ledger.events.find((e) => e.seq === saved) : undefined;
    return html200(reply, settingView(st.shell, {
      view: st.view, region: regionOfState(st), policy: ctx.policy, reasons: personReasons(st), ...(entry ? { receipt: receiptOf(entry) } : {}),
    }));
  });

  app.post('/portal/setting', csrf, async (req, reply) => {
    const st = await memberState(req, reply);
    if (!st) return reply;
    const body = (req.body ?? {}) as { use?: unknown };
    const choice = body.use === 'on' ? 'allow' : 'deny';
    const version = regionOfState(st)?.notice?.version;
    const entry = await recordSetting(ctx, st.memberId, ctx.policy.purpose as Purpose, choice, evidenceOf(req), version);
    return reply.redirect(`/portal/setting?saved=${entry.seq}`, 303);
  });

  const objectionForm = async (req: FastifyRequest, reply: FastifyReply, path: string) => {
    const memberId = await ctx.portalMember(req);
    const member = memberId ? rowAsOf(await ctx.store.memberRows(memberId), ctx.now()) : undefined;
    const lang = langOf(req, reply, member ? { country: member.country } : {});
    const shell = shellFor(req, reply, lang, member ? { id: member.id, name: member.name } : undefined);
    return { shell, member };
  };

  app.get('/objection', hide, async (req, reply) => {
    const { shell } = await objectionForm(req, reply, '/objection');
    return html200(reply, objectionFormView(shell, { path: '/objection' }));
  });
  app.get('/portal/objection', hide, async (req, reply) => {
    const { shell, member } = await objectionForm(req, reply, '/portal/objection');
    if (!member) return reply.redirect('/objection', 303);
    return html200(reply, objectionFormView(shell, { path: '/portal/objection' }));
  });

  app.post('/objection', csrf, async (req, reply) => {
    const { shell, member } = await objectionForm(req, reply, '/objection');
    const b = (req.body ?? {}) as Record<string, unknown>;
    const values = {
      purpose: b.purpose === 'train-ai' ? 'train-ai' : 'train-genai',
      name: typeof b.name === 'string' ? b.name : '',
      emails: typeof b.emails === 'string' ? b.emails : '',
      handles: typeof b.handles === 'string' ? b.handles : '',
      urls: typeof b.urls === 'string' ? b.urls : '',
    };
    const input = {
      purpose: values.purpose,
      ...(values.name.trim() ? { name: values.name } : {}),
      ...(lines(values.emails).length ? { emails: lines(values.emails) } : {}),
      ...(lines(values.handles).length ? { handles: lines(values.handles) } : {}),
      ...(lines(values.urls).length ? { urls: lines(values.urls) } : {}),
    };
    const path = member ? '/portal/objection' : '/objection';
    const parsed = ObjectionBody.safeParse(input);
    if (!parsed.success) {
      const error = parsed.error.issues.map((i) => `${i.path.join('.') || 'form'}: ${i.message}`).join('; ');
      return html200(reply, objectionFormView(shell, { path, values, error }), 400);
    }
    try {
      const filed = await fileObjection(ctx, member ? { kind: 'member', memberId: member.id } : null, { ...parsed.data, purpose: parsed.data.purpose as Purpose | undefined }, req.ip);
      return html200(reply, objectionReceiptView(shell, {
        id: filed.id, receipt: receiptOf(filed.entry), member: filed.member, purpose: values.purpose, ...(filed.erasureCode ? { erasureCode: filed.erasureCode } : {}),
      }));
    } catch (e) {
      if (!(e instanceof HttpProblem)) throw e;
      reply.headers(e.headers);
      const error = e.code === 'invalid-request' && !member ? shell.t('objection.needOne') : e.detail ?? e.title;
      return html200(reply, objectionFormView(shell, { path, values, error }), e.status);
    }
  });

  app.get('/portal/report', hide, async (req, reply) => {
    const st = await memberState(req, reply);
    if (!st) return reply;
    const facts = await loadMemberFacts(ctx.store, st.memberId);
    return html200(reply, reportView(st.shell, buildMemberReport(facts!, ctx.policy, ctx.now())));
  });

  app.get('/portal/report.json', hide, async (req, reply) => {
    const memberId = await ctx.portalMember(req);
    if (!memberId) throw problem.unauthorized('Sign in to download your report.');
    const facts = await loadMemberFacts(ctx.store, memberId);
    if (!facts) throw problem.notFound(`No member ${memberId}`);
    const report = buildMemberReport(facts, ctx.policy, ctx.now());
    return reply.type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${memberId}-data-use-${formatTime(ctx.now()).slice(0, 10)}.json"`)
      .header('cache-control', 'no-store')
      .send(`${JSON.stringify(report, null, 2)}\n`);
  });

  app.get('/portal/erase', hide, async (req, reply) => {
    const st = await memberState(req, reply);
    if (!st) return reply;
    const impact = await erasureImpact(ctx.store, st.memberId, ['evidence', 'identifiers']);
    return html200(reply, eraseView(st.shell, { lines: impact.lines, rows: impact.rows, action: '/portal/erase' }));
  });

  app.post('/portal/erase', csrf, async (req, reply) => {
    const st = await memberState(req, reply);
    if (!st) return reply;
    if ((req.body as { confirm?: unknown } | undefined)?.confirm !== 'yes') return reply.redirect('/portal/erase', 303);
    const erased = await ctx.store.erasePersonalData(st.memberId, ['evidence', 'identifiers']);
    return html200(reply, eraseView(st.shell, { lines: [], rows: 0, done: erased.length, action: '/portal/erase' }));
  });

  // A non-member comes back with the objection number and the erasure code from their receipt.
  const codeOk = (id: string, code: string): boolean => {
    const want = Buffer.from(ctx.erasureCode(id));
    const got = Buffer.from(code);
    return isId(id) && id.startsWith('obj-') && want.length === got.length && timingSafeEqual(want, got);
  };
  const lookupForm = (shell: PortalShell, error?: string) => portalPage(shell, {
    title: shell.t('erase.title'), path: '/objection/erase', narrow: true,
    body: html`<div class="card"><h1>${shell.t('erase.title')}</h1><p class="lead">${shell.t('erase.lead')}</p>
      ${error ? html`<div class="banner err" role="alert">${error}</div>` : ''}
      <form method="post" action="/objection/erase" class="stack">${csrfField(shell.csrf)}
        <label class="field" for="e-id">${shell.t('receipt.id')}<input type="text" id="e-id" name="id" required></label>
        <label class="field" for="e-code">${shell.t('receipt.code')}<input type="text" id="e-code" name="code" required autocomplete="off"></label>
        <div class="actions"><button type="submit">${shell.t('home.open')}</button></div></form></div>`,
  });

  app.get('/objection/erase', hide, async (req, reply) => {
    const shell = shellFor(req, reply, langOf(req, reply));
    return html200(reply, lookupForm(shell));
  });

  app.post('/objection/erase', csrf, async (req, reply) => {
    const shell = shellFor(req, reply, langOf(req, reply));
    const b = (req.body ?? {}) as { id?: unknown; code?: unknown; confirm?: unknown };
    const id = typeof b.id === 'string' ? b.id.trim() : '';
    const code = typeof b.code === 'string' ? b.code.trim() : '';
    if (!codeOk(id, code)) return html200(reply, lookupForm(shell, 'The objection number and erasure code do not match.'), 403);
    if (b.confirm === 'yes') {
      const erased = await ctx.store.erasePersonalData(id, ['evidence', 'identifiers']);
      return html200(reply, eraseView(shell, { lines: [], rows: 0, done: erased.length, action: '/objection/erase' }));
    }
    const impact = await erasureImpact(ctx.store, id, ['evidence', 'identifiers']);
    return html200(reply, eraseView(shell, { lines: impact.lines, rows: impact.rows, action: '/objection/erase', hidden: { id, code } }));
  });
}
