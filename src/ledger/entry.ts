/**
 * Ledger entries as stored and hashed (spec §2). Consent events and notices share one gapless
 * `seq`. Personal data is not here: only its keyed hash (`personalData`), see `chain.ts`.
 */
import type { Channel, Choice, Method } from '../domain/entities.js';
import type { Purpose } from '../domain/purpose.js';
import type { Millis } from '../domain/time.js';

export interface ConsentEntry {
  seq: number;
  kind: 'consent';
  subject: string;
  at: Millis;
  purpose: Purpose;
  choice: Choice;
  method: Method;
  noticeVersion?: string;
  /** HMAC-SHA-256 (hex) of the entry's personal data, when it has any. */
  personalData?: string;
  hash: string;
}

export interface NoticeEntry {
  seq: number;
  kind: 'notice';
  subject: string;
  at: Millis;
  noticeVersion: string;
  channel: Channel;
  hash: string;
}

export type LedgerEntry = ConsentEntry | NoticeEntry;

/** A ledger state: `{seq: 0, hash: 64 zeros}` when empty. */
export interface LedgerHead {
  seq: number;
  hash: string;
}

export const EMPTY_HEAD: LedgerHead = { seq: 0, hash: '0'.repeat(64) };

/** An entry as `explain` and the API show it: no personal data, times as text. */
export function publicEntry(entry: LedgerEntry): Record<string, unknown> {
  const { seq, kind, subject, at, hash, ...fields } = entry;
  return { seq, kind, subject, at: new Date(at).toISOString(), ...fields, hash };
}
