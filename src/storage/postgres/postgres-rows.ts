/**
 * Mapping between PostgreSQL rows and entities (NULL = absent), and the column values the backend
 * writes (for parameters and COPY alike).
 *
 * PostgreSQL `text` cannot hold U+0000, which JSON Lines input may carry in a name or a text and
 * which SQLite keeps. Free-text columns therefore go through a reversible codec (`toPgText`): a
 * string with no NUL that does not start with U+0001 is stored as it is (all real data); any other
 * is stored as U+0001 followed by the string with U+0001 → U+0001 U+0001 and U+0000 → U+0001 U+0002.
 * So both backends give back exactly what they were given.
 */
import type { Channel, ContentItem, ContentKind, Group, Member, Visibility } from '../../domain/entities.js';
import type { LedgerEntry } from '../../ledger/entry.js';
import type { DatasetRecord } from '../store.js';
import { toEntry, type LedgerRow } from '../sqlite/sqlite-rows.js';

const MARK = '\u0001';

export function toPgText(s: string): string {
  if (!s.includes('\u0000') && !s.startsWith(MARK)) return s;
  return MARK + s.replace(/[\u0000\u0001]/g, (c) => (c === MARK ? '\u0001\u0001' : '\u0001\u0002'));
}

export function fromPgText(s: string): string {
  if (!s.startsWith(MARK)) return s;
  return s.slice(1).replace(/\u0001([\u0001\u0002])/g, (_, c: string) => (c === MARK ? MARK : '\u0000'));
}

const optText = (s: string | null): string | null => (s === null ? null : fromPgText(s));
const encOpt = (s: string | undefined): string | null => (s === undefined ? null : toPgText(s));

export type PgValue = string | number | boolean | null;

export interface MemberRow { id: string; valid_from: number | null; name: string; country: string; birth_date: number | null; joined_at: number; closed_at: number | null; in_secondary_school: boolean | null }
export interface GroupRow { id: string; valid_from: number | null; name: string; category: string | null }
export interface ContentRow { id: string; member_id: string; kind: string; visibility: string; group_id: string | null; created_at: number; deleted_at: number | null; text: string; valid_from: number | null }
export type PgLedgerRow = LedgerRow;

export const MEMBER_COLUMNS = ['id', 'valid_from', 'name', 'country', 'birth_date', 'joined_at', 'closed_at', 'in_secondary_school'] as const;
export const GROUP_COLUMNS = ['id', 'valid_from', 'name', 'category'] as const;
export const CONTENT_COLUMNS = ['id', 'member_id', 'kind', 'visibility', 'group_id', 'created_at', 'deleted_at', 'text', 'valid_from'] as const;
export const LEDGER_COLUMNS = ['seq', 'kind', 'subject', 'at', 'purpose', 'choice', 'method', 'notice_version', 'channel', 'personal_data', 'hash', 'entry_key'] as const;
/** The ledger columns an entry is read from (no `entry_key`). */
export const ENTRY_SELECT = 'seq, kind, subject, at, purpose, choice, method, notice_version, channel, personal_data, hash';

export function memberValues(m: Member): PgValue[] {
  return [m.id, m.validFrom ?? null, toPgText(m.name), m.country, m.birthDate ?? null, m.joinedAt, m.closedAt ?? null, m.inSecondarySchool ?? null];
}

export function toMember(r: MemberRow): Member {
  const m: Member = { id: r.id, name: fromPgText(r.name), country: r.country, joinedAt: r.joined_at };
  if (r.birth_date !== null) m.birthDate = r.birth_date;
  if (r.closed_at !== null) m.closedAt = r.closed_at;
  if (r.in_secondary_school !== null) m.inSecondarySchool = r.in_secondary_school;
  if (r.valid_from !== null) m.validFrom = r.valid_from;
  return m;
}

export function groupValues(g: Group): PgValue[] {
  return [g.id, g.validFrom ?? null, toPgText(g.name), encOpt(g.category)];
}

export function toGroup(r: GroupRow): Group {
  const g: Group = { id: r.id, name: fromPgText(r.name) };
  const category = optText(r.category);
  if (category !== null) g.category = category;
  if (r.valid_from !== null) g.validFrom = r.valid_from;
  return g;
}

export function itemValues(c: ContentItem): PgValue[] {
  return [c.id, c.memberId, c.kind, c.visibility, c.groupId ?? null, c.createdAt, c.deletedAt ?? null, toPgText(c.text), c.validFrom ?? null];
}

export function toItem(r: ContentRow): ContentItem {
  const c: ContentItem = { id: r.id, memberId: r.member_id, kind: r.kind as ContentKind, visibility: r.visibility as Visibility, createdAt: r.created_at, text: fromPgText(r.text) };
  if (r.group_id !== null) c.groupId = r.group_id;
  if (r.deleted_at !== null) c.deletedAt = r.deleted_at;
  if (r.valid_from !== null) c.validFrom = r.valid_from;
  return c;
}

export function entryValues(e: LedgerEntry, key: string): PgValue[] {
  if (e.kind === 'notice') return [e.seq, 'notice', e.subject, e.at, null, null, null, toPgText(e.noticeVersion), e.channel, null, e.hash, key];
  return [e.seq, 'consent', e.subject, e.at, e.purpose, e.choice, e.method, encOpt(e.noticeVersion), null, e.personalData ?? null, e.hash, key];
}

/** A row as the entry it holds; a column foreign to the entry's kind stays on it (and fails verification). */
export function toLedgerEntry(r: PgLedgerRow): LedgerEntry {
  return toEntry({ ...r, notice_version: optText(r.notice_version), channel: r.channel as Channel | null });
}

export function sameValues(a: readonly PgValue[], b: readonly PgValue[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export interface DatasetRow { id: string; as_of: number; built_at: number; policy_id: string; policy_version: number; policy_sha256: string; ledger_seq: number; ledger_hash: string; format: string; location: string; manifest: string }

export function datasetValues(r: DatasetRecord): PgValue[] {
  return [r.id, r.asOf, r.builtAt, r.policy.id, r.policy.version, r.policy.sha256, r.ledger.seq, r.ledger.hash, r.format, toPgText(r.location), JSON.stringify(r.manifest)];
}

export function toDataset(r: DatasetRow): DatasetRecord {
  return {
    id: r.id, asOf: r.as_of, builtAt: r.built_at, policy: { id: r.policy_id, version: r.policy_version, sha256: r.policy_sha256 },
    ledger: { seq: r.ledger_seq, hash: r.ledger_hash }, format: r.format as DatasetRecord['format'], location: fromPgText(r.location),
    manifest: JSON.parse(r.manifest) as Record<string, unknown>,
  };
}
