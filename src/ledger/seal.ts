/**
 * Sealing: giving new entries their `seq`, personal-data commitment and `hash`, in order, after a
 * head. Pure; each backend calls it while it holds the ledger lock.
 */
import { createHash } from 'node:crypto';
import type { ConsentEvent, NoticeServed, ObjectionIdentifiers } from '../domain/entities.js';
import { ConsentgateError } from '../domain/issues.js';
import { isWellFormed } from '../domain/unicode.js';
import type { ConsentEntry, LedgerEntry, LedgerHead, NoticeEntry } from './entry.js';
import { entryCanonicalJson, entryHash, personalDataHmac, type UnhashedEntry } from './chain.js';

/** A consent event or notice to write, with its personal data (kept outside the chain). */
export type UnsealedEntry = (
  | { kind: 'consent'; event: Omit<ConsentEvent, 'evidence'>; personalData?: { category: 'evidence'; data: { evidence: Record<string, unknown> } } | { category: 'identifiers'; data: ObjectionIdentifiers } }
  | { kind: 'notice'; notice: NoticeServed }
) & {
  /** The body's computed parts, when the caller already has them (import computes them to skip duplicates). */
  sealed?: { body: Omit<ConsentEntry, 'seq' | 'hash'> | Omit<NoticeEntry, 'seq' | 'hash'>; key: string };
};

export interface SealedWrite {
  entry: LedgerEntry;
  /** The entry's key (see `entryKey`). */
  key: string;
  personalData?: { category: 'evidence' | 'identifiers'; data: Record<string, unknown> };
}

export function sealEntries(head: LedgerHead, entries: readonly UnsealedEntry[], secret: Buffer): SealedWrite[] {
  let { seq, hash } = head;
  const out: SealedWrite[] = [];
  for (const u of entries) {
    const base = u.sealed?.body ?? unsealedBody(u, secret);
    // A hashed string that storage cannot keep exactly would break the chain it is written to.
    for (const v of Object.values(base)) {
      if (typeof v === 'string' && !isWellFormed(v)) throw new ConsentgateError('bad-entry', `a ledger entry of ${base.subject} holds a lone surrogate, which is not text; nothing written`);
    }
    const key = u.sealed?.key ?? entryKey(base);
    seq += 1;
    const body = { ...base, seq } as UnhashedEntry;
    hash = entryHash(hash, body);
    const entry = { ...body, hash } as LedgerEntry;
    out.push(u.kind === 'consent' && u.personalData ? { entry, key, personalData: { category: u.personalData.category, data: u.personalData.data as Record<string, unknown> } } : { entry, key });
  }
  return out;
}

/** The entry without `seq` and `hash`: what makes two entries "identical" for import's skip rule. */
export function unsealedBody(u: UnsealedEntry, secret: Buffer): Omit<ConsentEntry, 'seq' | 'hash'> | Omit<NoticeEntry, 'seq' | 'hash'> {
  if (u.kind === 'notice') {
    const n = u.notice;
    return { kind: 'notice', subject: n.subject, at: n.at, noticeVersion: n.noticeVersion, channel: n.channel };
  }
  const e = u.event;
  const body: Omit<ConsentEntry, 'seq' | 'hash'> = { kind: 'consent', subject: e.subject, at: e.at, purpose: e.purpose, choice: e.choice, method: e.method };
  if (e.noticeVersion !== undefined) body.noticeVersion = e.noticeVersion;
  if (u.personalData) body.personalData = personalDataHmac(secret, u.personalData.data);
  return body;
}

/** A digest of the entry's body (every field, personal data by its HMAC, no `seq`). */
export function entryKey(body: Omit<LedgerEntry, 'seq' | 'hash'>): string {
  return createHash('sha256').update(entryCanonicalJson(body as never)).digest('base64url');
}

export function keyOfEntry(entry: LedgerEntry): string {
  const { seq: _seq, hash: _hash, ...body } = entry;
  return entryKey(body);
}
