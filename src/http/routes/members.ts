/**
 * `members/{id}/…`: the member's consent per purpose with its source, a change of it (a `setting`
 * event), a notice served, and the member's report. A member token reaches its own id only; the
 * operator token reaches every member.
 */
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { formatTime, mustParseTime } from '../../domain/time.js';
import type { Purpose } from '../../domain/purpose.js';
import type { LedgerEntry } from '../../ledger/entry.js';
import { consentView } from '../../report/consent-view.js';
import { buildMemberReport, loadMemberFacts } from '../../report/member-report.js';
import type { App } from '../app.js';
import type { AppContext } from '../context.js';
import { evidenceOf } from '../evidence.js';
import { countDeny } from '../metrics.js';
import { problem } from '../problem.js';
import { ChannelSchema, ChoiceSchema, ConsentViewSchema, IdSchema, MEMBER_SECURITY, MemberParams, PurposeSchema, ReceiptSchema, TimeSchema, problems } from '../schemas.js';

export function receiptOf(e: LedgerEntry): { seq: number; hash: string; at: string } {
  return { seq: e.seq, hash: e.hash, at: formatTime(e.at) };
}

export async function requireMember(ctx: AppContext, id: string) {
  const rows = await ctx.store.memberRows(id);
  if (rows.length === 0) throw problem.notFound(`No member ${id}`);
  return rows;
}

/** Records a `setting` event for a member; shared by the API and the portal. */
export async function recordSetting(ctx: AppContext, memberId: string, purpose: Purpose, choice: 'allow' | 'deny', evidence: Record<string, unknown>, noticeVersion?: string): Promise<LedgerEntry> {
  const event = { subject: memberId, at: ctx.now(), purpose, choice, method: 'setting' as const, ...(noticeVersion !== undefined ? { noticeVersion } : {}) };
  const [entry] = await ctx.store.append([{ kind: 'consent', event, personalData: { category: 'evidence', data: { evidence } } }]);
  if (choice === 'deny') await countDeny(ctx.store, ctx.policy, memberId, 'setting', purpose, event.at);
  return entry!;
}

export function registerMemberRoutes(app: App, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const self = ctx.guards.selfOrOperator('id');

  r.get('/api/v1/members/:id/consent', {
    onRequest: self,
    // The hot read path: answered with plain JSON.stringify (the schema documents it).
    serializerCompiler: () => (data) => JSON.stringify(data),
    schema: {
      tags: ['members'], summary: 'The member\'s consent per purpose, with its source', security: MEMBER_SECURITY,
      params: MemberParams,
      querystring: z.object({ asOf: TimeSchema.optional() }),
      response: { 200: ConsentViewSchema, ...problems(400, 401, 403, 404) },
    },
  }, async (req) => {
    const { id } = req.params;
    const asOf = req.query.asOf !== undefined ? mustParseTime(req.query.asOf) : ctx.now();
    const m = await ctx.member(id);
    if (m.rows.length === 0) throw problem.notFound(`No member ${id}`);
    return consentView(id, m.rows, m.events, ctx.policy, asOf);
  });

  r.put('/api/v1/members/:id/consent/:purpose', {
    onRequest: self,
    schema: {
      tags: ['members'], summary: 'Change the member\'s choice for a purpose (a `setting` event)', security: MEMBER_SECURITY,
      params: z.object({ id: IdSchema, purpose: PurposeSchema }),
      body: z.strictObject({
        choice: ChoiceSchema,
        noticeVersion: z.string().min(1).max(128).optional().meta({ description: 'The notice shown when the choice was made' }),
      }),
      response: { 200: ReceiptSchema, ...problems(400, 401, 403, 404) },
    },
  }, async (req) => {
    const { id, purpose } = req.params;
    await requireMember(ctx, id);
    const evidence = evidenceOf(req);
    // The spec makes every change through this route a `setting` event; who made it is evidence.
    if (req.principal?.kind === 'operator') evidence.actor = 'operator';
    const entry = await recordSetting(ctx, id, purpose as Purpose, req.body.choice, evidence, req.body.noticeVersion);
    return receiptOf(entry);
  });

  r.post('/api/v1/members/:id/notices', {
    onRequest: self,
    schema: {
      tags: ['members'], summary: 'Record that a notice was served to the member', security: MEMBER_SECURITY,
      params: MemberParams,
      body: z.strictObject({ noticeVersion: z.string().min(1).max(128), channel: ChannelSchema }),
      response: { 200: ReceiptSchema, ...problems(400, 401, 403, 404) },
    },
  }, async (req) => {
    const { id } = req.params;
    await requireMember(ctx, id);
    const [entry] = await ctx.store.append([{ kind: 'notice', notice: { subject: id, at: ctx.now(), noticeVersion: req.body.noticeVersion, channel: req.body.channel } }]);
    return receiptOf(entry!);
  });

  r.get('/api/v1/members/:id/report', {
    onRequest: self,
    serializerCompiler: () => (data) => JSON.stringify(data),
    schema: {
      tags: ['members'], summary: 'The member\'s "how my data was used" report (GDPR Art. 15)', security: MEMBER_SECURITY,
      params: MemberParams,
      response: { 200: z.record(z.string(), z.unknown()).meta({ description: 'A `consentgate.member-report` document' }), ...problems(401, 403, 404) },
    },
  }, async (req) => {
    const facts = await loadMemberFacts(ctx.store, req.params.id);
    if (!facts) throw problem.notFound(`No member ${req.params.id}`);
    return buildMemberReport(facts, ctx.policy, ctx.now()) as unknown as Record<string, unknown>;
  });
}
