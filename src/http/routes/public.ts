/**
 * Public pages and the site's machine-readable signals (spec §6): `/members/{id}` and `/posts/{id}`
 * carry the member's AI-training choice to the open web (`Content-Usage`, `noai` robots meta,
 * TDMRep); `/robots.txt` states the site default; `/.well-known/gpc.json` and `tdmrep.json`.
 */
import type { FastifyReply } from 'fastify';
import type { ContentItem } from '../../domain/entities.js';
import { formatTime } from '../../domain/time.js';
import { asOf as rowAsOf } from '../../domain/versioned.js';
import { consentView, deniesTraining } from '../../report/consent-view.js';
import { gpcSupportResource } from '../../signals/gpc.js';
import { pageSignals, type PageSignals } from '../../signals/page-signals.js';
import { robotsTxt } from '../../signals/robots.js';
import { tdmrepJson } from '../../signals/tdmrep.js';
import { memberPage, postPage } from '../../web/views/public-pages.js';
import type { App } from '../app.js';
import type { AppContext } from '../context.js';
import { problem } from '../problem.js';

async function signalsFor(ctx: AppContext, memberId: string): Promise<PageSignals> {
  const m = await ctx.member(memberId);
  return pageSignals(deniesTraining(consentView(memberId, m.rows, m.events, ctx.policy, ctx.now())));
}

function sendPage(reply: FastifyReply, signals: PageSignals, body: string): FastifyReply {
  // The signal depends on the member's choice, which changes: caches must revalidate.
  return reply.headers(signals.headers).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(body);
}

export function registerPublicPages(app: App, ctx: AppContext): void {
  const hide = { schema: { hide: true } };

  app.get('/robots.txt', hide, async (_req, reply) =>
    reply.type('text/plain; charset=utf-8').send(robotsTxt({ contentUsage: ctx.contentUsageDefault })));

  app.get('/.well-known/gpc.json', hide, async (_req, reply) =>
    reply.type('application/json').send(gpcSupportResource(ctx.deps.gpcLastUpdate ?? '2025-09-18')));

  app.get('/.well-known/tdmrep.json', hide, async (_req, reply) =>
    reply.type('application/json').send(tdmrepJson(ctx.contentUsageDefault)));

  app.get('/members/:id', hide, async (req, reply) => {
    const { id } = req.params as { id: string };
    const rows = await ctx.store.memberRows(id);
    const now = ctx.now();
    const member = rowAsOf(rows, now);
    if (!member || (member.closedAt !== undefined && member.closedAt <= now)) throw problem.notFound(`No member ${id}`);
    const itemIds = (await ctx.store.memberItemIds(id)).slice(-400);
    const items: ContentItem[] = [];
    for (const itemId of itemIds) {
      const item = rowAsOf(await ctx.store.itemRows(itemId), now);
      if (item && isPublic(item, now)) items.push(item);
    }
    items.sort((a, b) => b.createdAt - a.createdAt);
    const signals = await signalsFor(ctx, id);
    return sendPage(reply, signals, memberPage({ siteName: ctx.siteName, member, items: items.slice(0, 20), total: items.length, signals }).value);
  });

  app.get('/posts/:id', hide, async (req, reply) => {
    const { id } = req.params as { id: string };
    const now = ctx.now();
    const item = rowAsOf(await ctx.store.itemRows(id), now);
    if (!item || !isPublic(item, now)) throw problem.notFound(`No public post ${id}`);
    const author = rowAsOf(await ctx.store.memberRows(item.memberId), now);
    if (!author || (author.closedAt !== undefined && author.closedAt <= now)) throw problem.notFound(`No public post ${id}`);
    const signals = await signalsFor(ctx, item.memberId);
    return sendPage(reply, signals, postPage({ siteName: ctx.siteName, author, item, signals, posted: formatTime(item.createdAt) }).value);
  });
}

/** Shown to the public: visible to everyone, created and not deleted. */
function isPublic(item: ContentItem, now: number): boolean {
  return item.visibility === 'public' && item.createdAt <= now && !(item.deletedAt !== undefined && item.deletedAt <= now);
}
