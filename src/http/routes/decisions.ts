/**
 * `POST decisions`: a decision per item, as `consentgate explain` prints it. The facts for the whole
 * batch come from a few set-based reads (cached between batches, see `batch-facts.ts`); each
 * author's standing is worked out once and kept for later batches at the same as-of moment until
 * their ledger changes; the answer is written as JSON text from per-author and per-mask pieces.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { itemMask } from '../../decision/decide.js';
import { primaryReason, reasonsOf } from '../../decision/reasons.js';
import { standingOf, type Standing } from '../../decision/standing.js';
import { formatTime, mustParseTime, type Millis } from '../../domain/time.js';
import { asOf as rowAsOf } from '../../domain/versioned.js';
import { publicEntry, type LedgerEntry } from '../../ledger/entry.js';
import type { App } from '../app.js';
import type { BatchFacts } from '../batch-facts.js';
import { countDecisions } from '../metrics.js';
import type { Group } from '../../domain/entities.js';
import type { AppContext } from '../context.js';
import { DecisionSchema, IdSchema, LedgerHeadSchema, OPERATOR_SECURITY, problems, TimeSchema } from '../schemas.js';

export const MAX_BATCH = 10_000;

interface Author {
  standing: Standing;
  /** `,"decidedBy":[…]}` as UTF-8: the deciding event and, where the region requires notice, the notice. */
  tail: Buffer;
}

/** Standings by as-of moment and author, valid while the facts' version holds. */
class StandingCache {
  #version = -1;
  readonly #byAsOf = new Map<Millis, Map<string, Author>>();

  for(facts: BatchFacts, asOf: Millis): Map<string, Author> {
    if (facts.version !== this.#version) {
      this.#byAsOf.clear();
      this.#version = facts.version;
    }
    for (const subject of facts.changed) for (const m of this.#byAsOf.values()) m.delete(subject);
    let m = this.#byAsOf.get(asOf);
    if (!m) {
      // A few as-of moments at a time (a default "now" is a new moment every batch).
      if (this.#byAsOf.size >= 8) this.#byAsOf.delete(this.#byAsOf.keys().next().value!);
      m = new Map();
      this.#byAsOf.set(asOf, m);
    } else if (m.size > 1_000_000) m.clear();
    return m;
  }
}

/** `,"included":…,"reason":…,"reasons":[…]` per reason mask (ASCII). */
const MASK_JSON = new Map<number, string>();
function maskJson(mask: number): string {
  let s = MASK_JSON.get(mask);
  if (s === undefined) {
    s = `,"included":${mask === 0},"reason":${JSON.stringify(primaryReason(mask))},"reasons":${JSON.stringify(reasonsOf(mask))}`;
    MASK_JSON.set(mask, s);
  }
  return s;
}

/**
 * The answer as bytes, written once into one buffer: ASCII pieces (ids are `[A-Za-z0-9._:-]`,
 * validated; times, reasons, error texts) as latin1, and each author's UTF-8 tail copied as is.
 * About a fifth of a megabyte a batch of 1,000: encoding it as one string cost more than deciding.
 */
class JsonBytes {
  readonly #parts: (string | Buffer)[] = [];
  #size = 0;
  ascii(s: string): void { this.#parts.push(s); this.#size += s.length; }
  bytes(b: Buffer): void { this.#parts.push(b); this.#size += b.length; }
  done(): Buffer {
    const out = Buffer.allocUnsafe(this.#size);
    let at = 0;
    for (const p of this.#parts) at += typeof p === 'string' ? out.write(p, at, 'latin1') : p.copy(out, at);
    return out;
  }
}

export function registerDecisionRoutes(app: App, ctx: AppContext): void {
  const cache = new StandingCache();
  app.withTypeProvider<ZodTypeProvider>().post('/api/v1/decisions', {
    onRequest: ctx.guards.operator,
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
  }, async (req, reply) => {
    const asOf = req.body.asOf !== undefined ? mustParseTime(req.body.asOf) : ctx.now();
    const policy = ctx.policy;
    const facts = await ctx.facts(req.body.itemIds);
    const head = facts.head;
    const authors = cache.for(facts, asOf);
    const asOfText = formatTime(asOf);
    const out = new JsonBytes();
    out.ascii(`{"asOf":"${asOfText}","ledger":${JSON.stringify(head)},"decisions":[`);
    let first = true;
    const outcomes = new Map<string, number>();
    const ids = req.body.itemIds;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (!first) out.ascii(',');
      first = false;
      const rows = facts.rows[i];
      if (!rows) {
        out.ascii(JSON.stringify({ id, error: 'unknown-item', detail: `no item ${id} in the store` }));
        continue;
      }
      const item = rows.length === 1 ? rows[0]! : rowAsOf(rows, asOf)!;
      if (item.createdAt > asOf) {
        out.ascii(JSON.stringify({ id, error: 'not-yet-created', detail: `item ${id} is not yet created as of ${asOfText}` }));
        continue;
      }
      let author = authors.get(item.memberId);
      if (!author) {
        const ledger = facts.ledgers.get(item.memberId) ?? { events: [], notices: [] };
        const standing = standingOf({ member: facts.members.get(item.memberId) ?? undefined, events: ledger.events, notices: ledger.notices }, policy, asOf);
        const by: LedgerEntry[] = [];
        if (standing.decidingEvent) by.push(standing.decidingEvent);
        if (standing.region?.requireNotice && standing.notice) by.push(standing.notice);
        author = { standing, tail: Buffer.from(`,"decidedBy":${JSON.stringify(by.map(publicEntry))}}`, 'utf8') };
        authors.set(item.memberId, author);
      }
      const mask = itemMask(item, facts.groups as ReadonlyMap<string, readonly Group[]>, author.standing, policy, asOf);
      const outcome = primaryReason(mask) ?? 'included';
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      out.ascii(`{"id":"${id}","asOf":"${asOfText}"${maskJson(mask)}`);
      out.bytes(author.tail);
    }
    out.ascii(']}');
    countDecisions(outcomes);
    // Already JSON bytes: sent as is (a buffer payload skips the serializer).
    return (reply as FastifyReply).type('application/json; charset=utf-8').send(out.done());
  });
}
