/**
 * The hash chain (spec §2). Each entry's `hash` = SHA-256(previous hash as 32 raw bytes ‖ the RFC 8785
 * canonical JSON of the entry without `hash`), 32 zero bytes before the first entry. The canonical
 * JSON holds `seq`, `kind`, the entry's fields with times as `YYYY-MM-DDTHH:MM:SS.sssZ`, and, where
 * the entry has personal data, `personalData`: the HMAC-SHA-256 of that data under the store's
 * secret. docs/ledger.md gives the byte layout with a worked example.
 */
import { createHash, createHmac } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import { formatTime } from '../domain/time.js';
import type { LedgerEntry, LedgerHead } from './entry.js';
import { EMPTY_HEAD } from './entry.js';

// `canonicalize` is a CommonJS module typed as an ES default export.
const canonicalize = canonicalizeModule as unknown as (value: unknown) => string;

export type UnhashedEntry = LedgerEntry extends infer E ? (E extends LedgerEntry ? Omit<E, 'hash'> : never) : never;

/** The JSON object that is hashed: every field but `hash`, times as text, absent fields absent. */
export function hashedObject(entry: UnhashedEntry): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entry)) {
    if (k === 'hash' || v === undefined) continue;
    out[k] = k === 'at' ? formatTime(v as number) : v;
  }
  return out;
}

/** `canonicalJson(hashedObject(entry))` in one pass: the bytes an entry's hash covers. */
export function entryCanonicalJson(entry: UnhashedEntry): string {
  const obj = entry as unknown as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '{';
  for (const k of keys) {
    if (k === 'hash') continue;
    const v = obj[k];
    if (v === undefined) continue;
    if (typeof v === 'object' && v !== null) return canonicalJson(hashedObject(entry));
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(k)}:${k === 'at' ? `"${formatTime(v as number)}"` : JSON.stringify(v)}`;
  }
  return `${out}}`;
}

/**
 * RFC 8785 canonical JSON. Ledger entries are flat objects of strings and numbers, for which JCS is
 * exactly: keys sorted by UTF-16 code units, each value as ECMAScript's JSON.stringify writes it
 * (RFC 8785 §3.2.2 adopts those serialisations). That fast path avoids a general canonicaliser on
 * the hot path of import; anything nested goes to the `canonicalize` library. A property test holds
 * the two together.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return canonicalize(value);
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = obj[k];
    if (v === undefined) continue;
    if (typeof v === 'object' && v !== null) return canonicalize(value);
    if (typeof v === 'number' && !Number.isFinite(v)) return canonicalize(value);
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(k)}:${JSON.stringify(v)}`;
  }
  return `${out}}`;
}

export function entryHash(previousHash: string, entry: UnhashedEntry): string {
  return createHash('sha256')
    .update(Buffer.from(previousHash, 'hex'))
    .update(entryCanonicalJson(entry), 'utf8')
    .digest('hex');
}

/** The keyed hash that the chain commits to in place of personal data. */
export function personalDataHmac(secret: Buffer, data: unknown): string {
  return createHmac('sha256', secret).update(canonicalJson(data), 'utf8').digest('hex');
}

export type ChainCheck = { ok: true; head: LedgerHead; entries: number } | { ok: false; firstBadSeq: number; why: string; head: LedgerHead };

/**
 * Recomputes the chain over entries in stored order. The first entry whose `seq` is not the next
 * one, or whose hash does not match, is the first bad `seq` (a deleted entry shows as the gap).
 */
export class ChainVerifier {
  #head: LedgerHead = EMPTY_HEAD;
  #bad: { seq: number; why: string } | undefined;
  #count = 0;

  push(entry: LedgerEntry): boolean {
    if (this.#bad) return false;
    const expected = this.#head.seq + 1;
    if (entry.seq !== expected) {
      this.#bad = { seq: expected, why: `expected seq ${expected}, found ${entry.seq}` };
      return false;
    }
    const hash = entryHash(this.#head.hash, entry);
    if (hash !== entry.hash) {
      this.#bad = { seq: entry.seq, why: `hash of seq ${entry.seq} does not match its contents and the previous hash` };
      return false;
    }
    this.#head = { seq: entry.seq, hash };
    this.#count++;
    return true;
  }

  /** Marks an entry bad for a reason found outside the chain (a personal-data row that fails its commitment). */
  fail(seq: number, why: string): void {
    if (!this.#bad || seq < this.#bad.seq) this.#bad = { seq, why };
  }

  result(): ChainCheck {
    if (this.#bad) return { ok: false, firstBadSeq: this.#bad.seq, why: this.#bad.why, head: this.#head };
    return { ok: true, head: this.#head, entries: this.#count };
  }
}
