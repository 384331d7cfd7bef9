/** `ledger/head` and `ledger/verify`. */
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { verifyLedger } from '../../ledger/verify-ledger.js';
import type { App } from '../app.js';
import type { AppContext } from '../context.js';
import { LedgerHeadSchema, MEMBER_SECURITY, OPERATOR_SECURITY, problems } from '../schemas.js';

export const VerificationSchema = z.object({
  ok: z.boolean(),
  head: LedgerHeadSchema,
  entries: z.number().int().optional(),
  firstBadSeq: z.number().int().optional(),
  why: z.string().optional(),
  verifiedAt: z.string(),
  seconds: z.number(),
}).meta({ id: 'LedgerVerification' });

export async function runVerification(ctx: AppContext): Promise<z.infer<typeof VerificationSchema>> {
  const started = performance.now();
  const check = await verifyLedger(ctx.store);
  const seconds = Math.round(performance.now() - started) / 1000;
  const verifiedAt = new Date().toISOString();
  return check.ok
    ? { ok: true, head: check.head, entries: check.entries, verifiedAt, seconds }
    : { ok: false, head: check.head, firstBadSeq: check.firstBadSeq, why: check.why, verifiedAt, seconds };
}

export function registerLedgerRoutes(app: App, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/ledger/head', {
    onRequest: ctx.guards.any,
    schema: {
      tags: ['ledger'], summary: 'The ledger head: the newest entry\'s seq and hash ({0, 64 zeros} when empty)', security: MEMBER_SECURITY,
      response: { 200: LedgerHeadSchema, ...problems(401) },
    },
  }, async () => ctx.store.head());

  r.post('/api/v1/ledger/verify', {
    onRequest: ctx.guards.operator,
    schema: {
      tags: ['ledger'], summary: 'Recompute the hash chain and check personal data against its commitments', security: OPERATOR_SECURITY,
      response: { 200: VerificationSchema, ...problems(401, 403) },
    },
  }, async () => runVerification(ctx));
}
