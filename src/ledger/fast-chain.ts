/**
 * The chain check of `ChainVerifier` (chain.ts), made cheap per entry for `verify` over whole
 * ledgers: the canonical JSON of an entry of the usual shape is written with its keys in a fixed
 * sorted order (no sort, no intermediate object), times are formatted from a per-day cache, and
 * SHA-256 is one `crypto.hash` call over a reused buffer. Anything unusual (an unknown key, a value
 * that is neither a string nor a finite number, a time out of range) goes through the reference
 * `entryCanonicalJson`, so the bytes hashed are always the reference's; a property test holds the
 * two verifiers to the same verdicts.
 */
import { hash as oneShotHash } from 'node:crypto';
import { entryCanonicalJson, type ChainCheck, type UnhashedEntry } from './chain.js';
import { EMPTY_HEAD, type LedgerEntry, type LedgerHead } from './entry.js';

/** Every key an entry may have but `hash`, sorted by UTF-16 code units (as RFC 8785 sorts them). */
const KEYS = ['at', 'channel', 'choice', 'kind', 'method', 'noticeVersion', 'personalData', 'purpose', 'seq', 'subject'] as const;
const QUOTED = KEYS.map((k) => `${JSON.stringify(k)}:`);
const DAY = 86_400_000;
/** 0000-01-01 and 10000-01-01: the years `toISOString` writes with four digits. */
const MIN_TIME = -62_167_219_200_000;
const MAX_TIME = 253_402_300_800_000;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/** `new Date(t).toISOString()` for an integer `t`, with the date part cached per day. */
export class TimeFormatter {
  #day = Number.NaN;
  #prefix = '';

  format(t: number): string {
    if (!Number.isInteger(t) || t < MIN_TIME || t >= MAX_TIME) return new Date(t).toISOString();
    const day = Math.floor(t / DAY);
    if (day !== this.#day) {
      this.#day = day;
      this.#prefix = new Date(day * DAY).toISOString().slice(0, 11);
    }
    let r = t - day * DAY;
    const h = Math.floor(r / 3_600_000);
    r -= h * 3_600_000;
    const m = Math.floor(r / 60_000);
    r -= m * 60_000;
    const s = Math.floor(r / 1000);
    return `${this.#prefix}${pad2(h)}:${pad2(m)}:${pad2(s)}.${pad3(r - s * 1000)}Z`;
  }
}

/** The canonical JSON of an entry (without `hash`), exactly as `entryCanonicalJson` writes it. */
export function fastEntryJson(entry: LedgerEntry, times: TimeFormatter): string {
  const obj = entry as unknown as Record<string, unknown>;
  let out = '{';
  let n = 0;
  for (let i = 0; i < KEYS.length; i++) {
    const v = obj[KEYS[i]!];
    if (v === undefined) continue;
    if (i === 0) {
      if (typeof v !== 'number') return entryCanonicalJson(entry as UnhashedEntry);
      out += `${QUOTED[0]}"${times.format(v)}"`;
    } else if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) {
      out += `${n > 0 ? ',' : ''}${QUOTED[i]}${JSON.stringify(v)}`;
    } else {
      return entryCanonicalJson(entry as UnhashedEntry);
    }
    n++;
  }
  // A key this list does not know of (or an odd `hash`): the reference decides what is hashed.
  let keys = 0;
  for (const k in obj) if (Object.prototype.hasOwnProperty.call(obj, k)) keys++;
  if (keys !== n + (obj.hash === undefined ? 0 : 1)) return entryCanonicalJson(entry as UnhashedEntry);
  return `${out}}`;
}

/** SHA-256(previous hash as 32 raw bytes ‖ UTF-8 text), hex, over one reused buffer. */
export class ChainHasher {
  #buf = Buffer.allocUnsafe(4096);

  /** `prevHex` must be 64 hex digits (a hash this check computed, or the empty chain's zeros). */
  hash(prevHex: string, text: string): string {
    if (32 + text.length * 3 > this.#buf.length) this.#buf = Buffer.allocUnsafe(32 + text.length * 3);
    this.#buf.write(prevHex, 0, 32, 'hex');
    const n = this.#buf.write(text, 32, 'utf8');
    return oneShotHash('sha256', this.#buf.subarray(0, 32 + n), 'hex');
  }
}

/** Same verdicts as `ChainVerifier`: the first entry out of `seq` order or with a wrong hash is bad. */
export class FastChainVerifier {
  #head: LedgerHead = EMPTY_HEAD;
  #bad: { seq: number; why: string } | undefined;
  #count = 0;
  readonly #times = new TimeFormatter();
  readonly #hasher = new ChainHasher();

  push(entry: LedgerEntry): boolean {
    if (this.#bad) return false;
    const expected = this.#head.seq + 1;
    if (entry.seq !== expected) {
      this.#bad = { seq: expected, why: `expected seq ${expected}, found ${entry.seq}` };
      return false;
    }
    const hash = this.#hasher.hash(this.#head.hash, fastEntryJson(entry, this.#times));
    if (hash !== entry.hash) {
      this.#bad = { seq: entry.seq, why: `hash of seq ${entry.seq} does not match its contents and the previous hash` };
      return false;
    }
    this.#head = { seq: entry.seq, hash };
    this.#count++;
    return true;
  }

  fail(seq: number, why: string): void {
    if (!this.#bad || seq < this.#bad.seq) this.#bad = { seq, why };
  }

  result(): ChainCheck {
    if (this.#bad) return { ok: false, firstBadSeq: this.#bad.seq, why: this.#bad.why, head: this.#head };
    return { ok: true, head: this.#head, entries: this.#count };
  }
}

export { personalDataHmacWith } from './chain.js';
