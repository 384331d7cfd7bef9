/** The API's shared zod schemas: they validate requests and describe the OpenAPI document. */
import { z } from 'zod';
import { CHANNELS, CHOICES, METHODS } from '../domain/entities.js';
import { ID_PATTERN } from '../domain/ids.js';
import { PURPOSES } from '../domain/purpose.js';
import { parseTime } from '../domain/time.js';
import { REASONS } from '../decision/reasons.js';

export const IdSchema = z.string().regex(ID_PATTERN, 'an id of 1 to 128 characters of A-Za-z0-9._:-');
export const TimeSchema = z.string().refine((s) => parseTime(s) !== undefined, 'an RFC 3339 time or a date such as 2025-11-10')
  .meta({ description: 'RFC 3339 time, or a date (that day at 00:00:00Z)', examples: ['2025-11-10T00:00:00Z'] });
export const PurposeSchema = z.enum(PURPOSES as [string, ...string[]]);
export const ChoiceSchema = z.enum(CHOICES);
export const MethodSchema = z.enum(METHODS);
export const ChannelSchema = z.enum(CHANNELS);
export const ReasonSchema = z.enum(REASONS);

export const MemberParams = z.object({ id: IdSchema });

export const ProblemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  code: z.string(),
}).meta({ id: 'Problem', description: 'RFC 9457 problem details' });

export const ReceiptSchema = z.object({
  seq: z.number().int().meta({ description: 'The ledger entry\'s sequence number' }),
  hash: z.string().meta({ description: 'The entry\'s chained SHA-256, lowercase hex' }),
  at: z.string().meta({ description: 'When it was recorded' }),
}).meta({ id: 'Receipt', description: 'Proof that a choice or notice is in the ledger' });

export const LedgerHeadSchema = z.object({ seq: z.number().int(), hash: z.string() }).meta({ id: 'LedgerHead' });

const EventRefSchema = z.object({
  seq: z.number().int(), at: z.string(), method: MethodSchema, choice: ChoiceSchema, purpose: PurposeSchema, hash: z.string(), noticeVersion: z.string().optional(),
});

export const ConsentViewSchema = z.object({
  memberId: z.string(),
  asOf: z.string(),
  policy: z.object({ id: z.string(), version: z.number(), purpose: PurposeSchema, honorGpc: z.boolean() }),
  country: z.string().nullable(),
  region: z.object({
    name: z.string(), default: ChoiceSchema, excluded: z.boolean(), effectiveFrom: z.string().optional(), legalBasis: z.string().optional(),
    notice: z.object({ version: z.string(), announcedAt: z.string().optional() }).optional(), requireNotice: z.boolean(),
  }).nullable(),
  purposes: z.array(z.object({
    purpose: PurposeSchema,
    title: z.string(),
    choice: ChoiceSchema,
    source: z.enum(['event', 'default']).meta({ description: '`event`: decided by `event` (its seq and method); `default`: the region\'s default' }),
    event: EventRefSchema.optional(),
    honorsGpc: z.boolean(),
    gpcSignal: z.object({ seq: z.number().int(), at: z.string() }).optional(),
  })),
}).meta({ id: 'MemberConsent' });

export const DecisionSchema = z.object({
  id: z.string(),
  asOf: z.string().optional(),
  included: z.boolean().optional(),
  reason: ReasonSchema.nullable().optional(),
  reasons: z.array(ReasonSchema).optional(),
  decidedBy: z.array(z.record(z.string(), z.unknown())).optional(),
  error: z.enum(['unknown-item', 'not-yet-created']).optional(),
  detail: z.string().optional(),
}).meta({ id: 'Decision', description: 'As `consentgate explain` prints it; or `error` for an unknown or not yet created item' });

export const JobSchema = z.object({
  id: z.string(),
  kind: z.literal('build'),
  state: z.enum(['queued', 'running', 'succeeded', 'failed']),
  request: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  progress: z.object({ stage: z.string(), done: z.number(), total: z.number() }).optional(),
  datasetId: z.string().optional(),
  error: z.string().optional(),
  timings: z.record(z.string(), z.number()).optional(),
}).meta({ id: 'Job' });

/** Error responses as the OpenAPI document lists them. */
export function problems(...statuses: number[]): Record<number, { description: string; content: { 'application/problem+json': { schema: typeof ProblemSchema } } }> {
  const text: Record<number, string> = { 400: 'Invalid request', 401: 'No or invalid token', 403: 'Not allowed for this token', 404: 'Not found', 409: 'Conflict', 413: 'Too large', 422: 'Not processable', 429: 'Rate limited', 503: 'Not available' };
  return Object.fromEntries(statuses.map((s) => [s, { description: text[s] ?? 'Error', content: { 'application/problem+json': { schema: ProblemSchema } } }]));
}

export const MEMBER_SECURITY = [{ memberJwt: [] }, { operatorToken: [] }];
export const OPERATOR_SECURITY = [{ operatorToken: [] }];
