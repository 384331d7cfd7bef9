/**
 * Filing an objection (spec §2 "Non-member objection"), for the API and the HTML form alike. The
 * subject id is the member's own when a member files (their token), a fresh `obj-…` id for anyone
 * else; only an operator may name another id (entering a form received by mail). No reason is asked.
 */
import { randomBytes } from 'node:crypto';
import type { Purpose } from '../domain/purpose.js';
import type { ObjectionIdentifiers } from '../domain/entities.js';
import type { LedgerEntry } from '../ledger/entry.js';
import type { Principal } from './auth.js';
import type { AppContext } from './context.js';
import { countDeny } from './metrics.js';
import { problem } from './problem.js';

export interface ObjectionInput {
  id?: string | undefined;
  purpose?: Purpose | undefined;
  name?: string | undefined;
  emails?: string[] | undefined;
  handles?: string[] | undefined;
  urls?: string[] | undefined;
}

export interface FiledObjection {
  id: string;
  entry: LedgerEntry;
  /** For a non-member: the code that, with the id, lets them ask for their identifiers to be erased. */
  erasureCode?: string;
  member: boolean;
}

const dedupe = (xs: readonly string[] | undefined, norm: (s: string) => string = (s) => s): string[] => {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const x of xs ?? []) {
    const v = norm(x.trim());
    const key = v.toLowerCase();
    if (v === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(v);
  }
  return out;
};

export function identifiersOf(input: ObjectionInput): ObjectionIdentifiers {
  const ids: ObjectionIdentifiers = {};
  const name = input.name?.replace(/\s+/g, ' ').trim();
  if (name) ids.name = name;
  const emails = dedupe(input.emails);
  if (emails.length) ids.emails = emails;
  const handles = dedupe(input.handles, (h) => h.replace(/^@/, ''));
  if (handles.length) ids.handles = handles;
  const urls = dedupe(input.urls);
  if (urls.length) ids.urls = urls;
  return ids;
}

export async function fileObjection(ctx: AppContext, principal: Principal | null, input: ObjectionInput, address: string): Promise<FiledObjection> {
  let id: string;
  let member = false;
  if (principal?.kind === 'member') {
    if (input.id !== undefined && input.id !== principal.memberId) throw problem.forbidden('A member files objections under their own id only.');
    id = principal.memberId;
    member = true;
  } else if (principal?.kind === 'operator') {
    id = input.id ?? `obj-${randomBytes(10).toString('hex')}`;
    member = (await ctx.store.memberRows(id)).length > 0;
  } else {
    if (input.id !== undefined) throw problem.unauthorized('Filing an objection under an id needs that member\'s token (or the operator token).');
    id = `obj-${randomBytes(10).toString('hex')}`;
  }
  const identifiers = identifiersOf(input);
  if (!member && Object.keys(identifiers).length === 0) {
    throw problem.invalid('Give at least one way others refer to you: a name, an email, a handle or a link.', [{ path: 'name', message: 'at least one of name, emails, handles, urls is required' }]);
  }

  if (ctx.limits && principal?.kind !== 'operator') {
    const { address: byAddress, subject: bySubject } = ctx.limits;
    const subjects = [
      ...(member ? [`member:${id}`] : []),
      ...(identifiers.emails ?? []).map((e) => `email:${e.toLowerCase()}`),
      ...(identifiers.handles ?? []).map((h) => `handle:${h.toLowerCase()}`),
      ...(identifiers.name ? [`name:${identifiers.name.toLowerCase()}`] : []),
    ];
    const wait = byAddress.blocked(address);
    if (wait > 0) throw problem.rateLimited(wait, 'from this address');
    for (const s of subjects) {
      const w = bySubject.blocked(s);
      if (w > 0) throw problem.rateLimited(w, 'about this person');
    }
    byAddress.hit(address);
    for (const s of subjects) bySubject.hit(s);
  }

  const purpose: Purpose = input.purpose ?? 'train-ai';
  const event = { subject: id, at: ctx.now(), purpose, choice: 'deny' as const, method: 'objection-form' as const };
  const [entry] = await ctx.store.append([
    Object.keys(identifiers).length > 0
      ? { kind: 'consent', event, personalData: { category: 'identifiers', data: identifiers } }
      : { kind: 'consent', event },
  ]);
  await countDeny(ctx.store, ctx.policy, id, 'objection-form', purpose, event.at);
  const out: FiledObjection = { id, entry: entry!, member };
  if (!member) out.erasureCode = ctx.erasureCode(id);
  return out;
}
