/**
 * `POST decisions`: a decision per item, as `consentgate explain` prints it. The facts for the whole
 * batch are read in a few set-based queries and each author's standing is worked out once per batch.
 */
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { decisionOf, itemMask, type Decision } from '../../decision/decide.js';
import { standingOf, type Standing } from '../../decision/standing.js';
import { formatTime, mustParseTime } from '../../domain/time.js';
import { asOf as rowAsOf } from '../../domain/versioned.js';
import type { App } from '../app.js';
import type { AppContext } from '../context.js';
import { DecisionSchema, IdSchema, LedgerHeadSchema, OPERATOR_SECURITY, problems, TimeSchema } from '../schemas.js';

export const MAX_BATCH = 10_000;

type Answer = Decision | { id: string; error: 'unknown-item' | 'not-yet-created'; detail: string };

export function registerDecisionRoutes(app: App, ctx: AppContext): void {
  app.withTypeProvider<ZodTypeProvider>().post('/api/v1/decisions', {
    onRequest: ctx.guards.operator,
    serializerCompiler: () => (data) => JSON.stringify(data),
    schema: {
      tags: ['decisions'],
      summary: 'Decide many items at once',
      description: `Up to ${MAX_BATCH} item ids. Each answer is what \`consentgate explain\` prints (\`id, asOf, included, reason, reasons, decidedBy\`), in the order asked; an unknown item or one not yet created at \`asOf\` gets \`error\` instead.`,
      security: OPERATOR_SECURITY,
      body: z.strictObject({ itemIds: z.array(IdSchema).min(1).max(MAX_BATCH), asOf: TimeSchema.optional() }),
      response: {
        200: z.object({ asOf: z.string(), ledger: LedgerHeadSchema, decisions: z.array(DecisionSchema) }),
        ...problems(400, 401, 403, 413),
      },
    },
  }, async (req) => {
    const asOf = req.body.asOf !== undefined ? mustParseTime(req.body.asOf) : ctx.now();
    const policy = ctx.policy;
    const [facts, head] = await Promise.all([ctx.facts(req.body.itemIds), ctx.store.head()]);
    const standings = new Map<string, Standing>();
    const decisions: Answer[] = req.body.itemIds.map((id) => {
      const rows = facts.items.get(id);
      if (!rows) return { id, error: 'unknown-item', detail: `no item ${id} in the store` };
      const item = rows.length === 1 ? rows[0]! : rowAsOf(rows, asOf)!;
      if (item.createdAt > asOf) return { id, error: 'not-yet-created', detail: `item ${id} is not yet created as of ${formatTime(asOf)}` };
      let standing = standings.get(item.memberId);
      if (!standing) {
        const ledger = facts.ledgers.get(item.memberId) ?? { events: [], notices: [] };
        standing = standingOf({ member: facts.members.get(item.memberId), events: ledger.events, notices: ledger.notices }, policy, asOf);
        standings.set(item.memberId, standing);
      }
      return decisionOf(id, asOf, itemMask(item, facts.groups, standing, policy, asOf), standing);
    });
    return { asOf: formatTime(asOf), ledger: head, decisions };
  });
}
