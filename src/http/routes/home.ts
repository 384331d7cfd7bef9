/** The start page, and in the demo the member picker (issues member tokens) and operator sign-in. */
import type { Member } from '../../domain/entities.js';
import { isId } from '../../domain/ids.js';
import { asOf as rowAsOf } from '../../domain/versioned.js';
import { regionOf } from '../../policy/policy.js';
import { reasonsOf } from '../../decision/reasons.js';
import { standingOf } from '../../decision/standing.js';
import { consentView } from '../../report/consent-view.js';
import { homeView, type PickerMember } from '../../web/views/home.js';
import { regionName, translator } from '../../web/i18n.js';
import type { App } from '../app.js';
import type { AppContext } from '../context.js';
import { problem } from '../problem.js';

const en = translator('en');
/** How many members a region contributes to the picker, and which countries to show first. */
const QUOTA: Record<string, { n: number; prefer: string[] }> = {
  'designated-countries': { n: 9, prefer: ['NL', 'DE', 'FR', 'BE', 'AT', 'IE', 'IT', 'ES', 'SE'] },
  'united-kingdom': { n: 3, prefer: ['GB'] },
  'canada-hong-kong': { n: 3, prefer: ['CA', 'HK'] },
  'mainland-china': { n: 1, prefer: ['CN'] },
  'rest-of-world': { n: 4, prefer: ['US', 'IN', 'BR', 'AU'] },
};

async function pickMembers(ctx: AppContext): Promise<PickerMember[]> {
  const now = ctx.now();
  const byRegion = new Map<string, Member[][]>();
  let scanned = 0;
  for await (const rows of ctx.store.allMemberRows()) {
    if (++scanned > 5000) break;
    const m = rowAsOf(rows, now);
    if (!m || (m.closedAt !== undefined && m.closedAt <= now)) continue;
    const region = regionOf(ctx.policy, m.country)?.name ?? 'none';
    const list = byRegion.get(region) ?? [];
    list.push(rows);
    byRegion.set(region, list);
  }
  const chosen: Member[][] = [];
  for (const [region, list] of byRegion) {
    const q = QUOTA[region] ?? { n: 2, prefer: [] };
    const picked: Member[][] = [];
    for (const c of q.prefer) {
      const hit = list.find((rows) => rowAsOf(rows, now)!.country === c && !picked.includes(rows));
      if (hit && picked.length < q.n) picked.push(hit);
    }
    for (const rows of list) if (picked.length < q.n && !picked.includes(rows)) picked.push(rows);
    chosen.push(...picked);
  }
  const out: PickerMember[] = [];
  for (const rows of chosen) {
    const m = rowAsOf(rows, now)!;
    const ledger = await ctx.store.subjectLedger(m.id);
    const view = consentView(m.id, rows, ledger.events, ctx.policy, now);
    const p = view.purposes.find((x) => x.purpose === ctx.policy.purpose)!;
    const reasons = reasonsOf(standingOf({ member: rows, events: ledger.events, notices: ledger.notices }, ctx.policy, now).mask);
    const badges: PickerMember['badges'] = [];
    badges.push(p.event?.method === 'objection-form' ? { text: 'objected', kind: 'off' } : p.choice === 'allow' ? { text: 'setting on', kind: 'on' } : { text: 'setting off', kind: 'off' });
    if (reasons.includes('region-excluded')) badges.push({ text: 'region excluded', kind: 'warn' });
    if (reasons.includes('minor')) badges.push({ text: 'under 18', kind: 'warn' });
    if (reasons.includes('not-notified')) badges.push({ text: 'not notified', kind: 'warn' });
    if (view.purposes.some((x) => x.gpcSignal)) badges.push({ text: 'GPC', kind: '' });
    out.push({ id: m.id, name: m.name, country: m.country, region: view.region ? regionName(en, view.region.name) : 'no region', badges });
  }
  return out;
}

export function registerHome(app: App, ctx: AppContext): void {
  const hide = { schema: { hide: true } };
  let picker: Promise<PickerMember[]> | undefined;
  const canPick = (): boolean => (ctx.deps.demo === true || ctx.deps.memberPicker === true) && ctx.auth.canIssue;

  app.get('/', hide, async (req, reply) => {
    if (canPick()) picker ??= pickMembers(ctx);
    const members = canPick() ? await picker! : [];
    const signin = (req.query as { signin?: string }).signin;
    const [counts, datasets] = await Promise.all([ctx.store.counts(), ctx.store.datasets()]);
    const body = homeView({
      siteName: ctx.siteName, csrf: reply.generateCsrf(), demo: ctx.deps.demo === true, picker: canPick(), members,
      counts: { members: counts.members, items: counts.items, entries: counts.entries, datasets: datasets.length },
      ...(signin === 'required' ? { notice: 'Please sign in first.' } : signin === 'unknown' ? { notice: 'That member is not in the store.' } : {}),
    });
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body.value);
  });

  app.post('/demo/login', { ...hide, preHandler: app.csrfProtection }, async (req, reply) => {
    if (!canPick()) throw problem.notFound('The member picker is only in the demo.');
    const memberId = String((req.body as { memberId?: unknown } | undefined)?.memberId ?? '').trim();
    if (!isId(memberId) || (await ctx.store.memberRows(memberId)).length === 0) return reply.redirect('/?signin=unknown', 303);
    ctx.startMemberSession(reply, await ctx.auth.issueMemberToken(memberId));
    return reply.redirect('/portal', 303);
  });

  app.post('/demo/operator', { ...hide, preHandler: app.csrfProtection }, async (_req, reply) => {
    if (ctx.deps.demo !== true) throw problem.notFound('Operator sign-in without a token is only in the demo.');
    ctx.startOperatorSession(reply);
    return reply.redirect('/console', 303);
  });
}
