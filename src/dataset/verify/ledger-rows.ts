/**
 * @module The SQLite ledger as the build's chain check reads it: each entry's `seq`, kind,
 * personal-data commitment, stored hash and the canonical JSON its hash covers, made straight from
 * the row's columns. Building the entry object first (`entryOfRaw`) and then its JSON
 * (`entryCanonicalJson`) cost about a fifth more of the check, which runs beside the build's own
 * work on two cores. A row of any unusual shape (a missing or non-text column, a kind of neither
 * name) takes that reference path, so the bytes are always the reference's (a test holds them
 * together).
 */
import type Database from 'better-sqlite3';
import { formatTime } from '../../domain/time.js';
import { entryCanonicalJson } from '../../ledger/chain.js';
import type { HashedEntry } from '../../ledger/verify-ledger.js';
import { entryOfRaw } from '../../storage/sqlite/sqlite-scans.js';

/** The ledger table's columns in the order of `entryOfRaw`. */
export type LedgerRow = [seq: number, kind: unknown, subject: unknown, at: unknown, purpose: unknown, choice: unknown, method: unknown, noticeVersion: unknown, channel: unknown, personalData: unknown, hash: unknown];
const COLUMNS = 'seq, kind, subject, at, purpose, choice, method, notice_version, channel, personal_data, hash';

/** `,"key":"value"` for a text column, '' for NULL; undefined for any other value. */
function member(key: string, v: unknown): string | undefined {
  if (v === null) return '';
  return typeof v === 'string' ? `,"${key}":${JSON.stringify(v)}` : undefined;
}

/**
 * `entryCanonicalJson(entryOfRaw(r))` for a row of the usual shape, else undefined. Keys in the
 * order `entryJsonParts` writes them: at, channel, choice, kind, method, noticeVersion,
 * personalData, purpose, seq, subject. `entryOfRaw` always sets purpose, choice and method of a
 * consent and noticeVersion and channel of a notice (NULL included), the others only when set.
 */
export function canonicalOfRow(r: LedgerRow): string | undefined {
  const [seq, kind, subject, at] = r;
  if (typeof at !== 'number' || typeof subject !== 'string' || !Number.isSafeInteger(seq)) return undefined;
  const consent = kind === 'consent';
  if (!consent && kind !== 'notice') return undefined;
  // Columns the entry always has: NULL there is not the usual shape.
  if (consent ? r[4] === null || r[5] === null || r[6] === null : r[7] === null || r[8] === null) return undefined;
  const channel = member('channel', r[8]);
  const choice = member('choice', r[5]);
  const method = member('method', r[6]);
  const notice = member('noticeVersion', r[7]);
  const pd = member('personalData', r[9]);
  const purpose = member('purpose', r[4]);
  if (channel === undefined || choice === undefined || method === undefined || notice === undefined || pd === undefined || purpose === undefined) return undefined;
  return `{"at":"${formatTime(at)}"${channel}${choice}${consent ? ',"kind":"consent"' : ',"kind":"notice"'}${method}${notice}${pd}${purpose},"seq":${seq},"subject":${JSON.stringify(subject)}}`;
}

export function hashedEntryOf(r: LedgerRow): HashedEntry {
  const text = canonicalOfRow(r) ?? entryCanonicalJson(entryOfRaw(r as never));
  // The kind as `entryOfRaw` reads it (anything but a notice is a consent).
  return { seq: r[0], kind: r[1] === 'notice' ? 'notice' : 'consent', personalData: r[9], text, hash: r[10] };
}

/**
 * Every entry in `seq` order, in pages of rows as `scanEntries` reads them (the ledger is
 * append-only: pages read one after another see one ledger, perhaps with entries appended after).
 */
export function* scanHashedEntries(db: Database.Database, pageSize = 512): Generator<HashedEntry> {
  const page = db.prepare(`SELECT ${COLUMNS} FROM ledger WHERE seq >= ? ORDER BY seq LIMIT ?`).raw(true);
  let from = 1;
  for (;;) {
    const rows = page.all(from, pageSize) as LedgerRow[];
    for (let i = 0; i < rows.length; i++) yield hashedEntryOf(rows[i]!);
    if (rows.length < pageSize) return;
    from = rows[rows.length - 1]![0] + 1;
  }
}
