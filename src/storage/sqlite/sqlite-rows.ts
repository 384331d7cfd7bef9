/** Mapping between SQLite rows and entities (NULL = absent). */
import type { ContentItem, ContentKind, Group, Member, Visibility, Channel, Choice, Method } from '../../domain/entities.js';
import type { Purpose } from '../../domain/purpose.js';
import type { ConsentEntry, LedgerEntry, NoticeEntry } from '../../ledger/entry.js';

export interface MemberRow { id: string; valid_from: number | null; name: string; country: string; birth_date: number | null; joined_at: number; closed_at: number | null; in_secondary_school: number | null }
export interface GroupRow { id: string; valid_from: number | null; name: string; category: string | null }
export interface ContentRow { id: string; member_id: string; kind: string; visibility: string; group_id: string | null; created_at: number; deleted_at: number | null; text: string; valid_from: number | null }
export interface LedgerRow { seq: number; kind: string; subject: string; at: number; purpose: string | null; choice: string | null; method: string | null; notice_version: string | null; channel: string | null; personal_data: string | null; hash: string }

export function toMember(r: MemberRow): Member {
  const m: Member = { id: r.id, name: r.name, country: r.country, joinedAt: r.joined_at };
  if (r.birth_date !== null) m.birthDate = r.birth_date;
  if (r.closed_at !== null) m.closedAt = r.closed_at;
  if (r.in_secondary_school !== null) m.inSecondarySchool = r.in_secondary_school === 1;
  if (r.valid_from !== null) m.validFrom = r.valid_from;
  return m;
}

export function memberParams(m: Member): unknown[] {
  return [m.id, m.validFrom ?? null, m.name, m.country, m.birthDate ?? null, m.joinedAt, m.closedAt ?? null, m.inSecondarySchool === undefined ? null : m.inSecondarySchool ? 1 : 0];
}

export function toGroup(r: GroupRow): Group {
  const g: Group = { id: r.id, name: r.name };
  if (r.category !== null) g.category = r.category;
  if (r.valid_from !== null) g.validFrom = r.valid_from;
  return g;
}

export function groupParams(g: Group): unknown[] {
  return [g.id, g.validFrom ?? null, g.name, g.category ?? null];
}

export function toItem(r: ContentRow): ContentItem {
  const c: ContentItem = { id: r.id, memberId: r.member_id, kind: r.kind as ContentKind, visibility: r.visibility as Visibility, createdAt: r.created_at, text: r.text };
  if (r.group_id !== null) c.groupId = r.group_id;
  if (r.deleted_at !== null) c.deletedAt = r.deleted_at;
  if (r.valid_from !== null) c.validFrom = r.valid_from;
  return c;
}

export function itemParams(c: ContentItem): unknown[] {
  return [c.id, c.memberId, c.kind, c.visibility, c.groupId ?? null, c.createdAt, c.deletedAt ?? null, c.text, c.validFrom ?? null];
}

/**
 * A row as the entry it holds. A column that does not belong to the entry's kind is kept on the
 * object when it is set, so that it is hashed and a row altered that way fails verification.
 */
export function toEntry(r: LedgerRow): LedgerEntry {
  if (r.kind === 'notice') {
    const n = { seq: r.seq, kind: 'notice', subject: r.subject, at: r.at, noticeVersion: r.notice_version, channel: r.channel, hash: r.hash } as NoticeEntry & Record<string, unknown>;
    if (r.purpose !== null) n.purpose = r.purpose;
    if (r.choice !== null) n.choice = r.choice;
    if (r.method !== null) n.method = r.method;
    if (r.personal_data !== null) n.personalData = r.personal_data;
    return n;
  }
  const e: ConsentEntry = { seq: r.seq, kind: 'consent', subject: r.subject, at: r.at, purpose: r.purpose as Purpose, choice: r.choice as Choice, method: r.method as Method, hash: r.hash };
  if (r.notice_version !== null) e.noticeVersion = r.notice_version;
  if (r.personal_data !== null) e.personalData = r.personal_data;
  if (r.channel !== null) (e as ConsentEntry & { channel?: Channel }).channel = r.channel as Channel;
  return e;
}

export function entryParams(e: LedgerEntry, key: string): unknown[] {
  if (e.kind === 'notice') return [e.seq, 'notice', e.subject, e.at, null, null, null, e.noticeVersion, e.channel, null, e.hash, key];
  return [e.seq, 'consent', e.subject, e.at, e.purpose, e.choice, e.method, e.noticeVersion ?? null, null, e.personalData ?? null, e.hash, key];
}

/** Same entity row (every field)? Used to skip a re-imported row that changes nothing. */
export function sameParams(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
