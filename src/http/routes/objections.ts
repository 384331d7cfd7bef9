/** `POST objections`: members (with their token, under their own id) and non-members (no token). */
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Purpose } from '../../domain/purpose.js';
import type { App } from '../app.js';
import type { AppContext } from '../context.js';
import { fileObjection } from '../objection-service.js';
import { IdSchema, problems, PurposeSchema, ReceiptSchema } from '../schemas.js';
import { receiptOf } from './members.js';

export const HANDLE = /^@?[\p{L}\p{N}_.-]{1,64}$/u;

export const ObjectionBody = z.strictObject({
  id: IdSchema.optional().meta({ description: 'The subject id: only a member\'s own id with their token, or any id with the operator token; absent: a new objection id' }),
  purpose: PurposeSchema.optional().meta({ description: 'Default `train-ai` (all AI training); `train-genai` is "Object to Processing for Training AI Models That Generate Content"' }),
  name: z.string().trim().min(1).max(200).optional().meta({ description: 'How others write the person\'s name (two words or more are redacted)' }),
  emails: z.array(z.email().max(254)).max(20).optional(),
  handles: z.array(z.string().regex(HANDLE, 'a handle of letters, digits, _ . -')).max(20).optional().meta({ description: 'Without the @' }),
  urls: z.array(z.url({ protocol: /^https?$/ }).max(2000)).max(20).optional().meta({ description: 'Links to posts that mention the person (evidence)' }),
}).meta({ id: 'ObjectionRequest' });

export const ObjectionReceipt = ReceiptSchema.extend({
  id: z.string().meta({ description: 'The objection\'s subject id in the ledger' }),
  erasureCode: z.string().optional().meta({ description: 'For non-members: with `id`, lets the person have their identifiers erased later' }),
}).meta({ id: 'ObjectionReceipt' });

export function registerObjectionRoutes(app: App, ctx: AppContext): void {
  app.withTypeProvider<ZodTypeProvider>().post('/api/v1/objections', {
    onRequest: ctx.guards.optional,
    schema: {
      tags: ['objections'],
      summary: 'File an objection (no reason required)',
      description: 'Open to everyone. Without a token: a non-member objection with a new id (rate-limited per address and per subject). With a member token: the member\'s own objection (also excludes their own items).',
      security: [{}, { memberJwt: [] }, { operatorToken: [] }],
      body: ObjectionBody,
      response: { 200: ObjectionReceipt, ...problems(400, 401, 403, 429) },
    },
  }, async (req) => {
    const body = req.body;
    const filed = await fileObjection(ctx, req.principal, { ...body, purpose: body.purpose as Purpose | undefined }, req.ip);
    return { ...receiptOf(filed.entry), id: filed.id, ...(filed.erasureCode ? { erasureCode: filed.erasureCode } : {}) };
  });
}
