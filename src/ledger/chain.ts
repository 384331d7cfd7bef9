/**
 * The hash chain (spec §2). Each entry's `hash` = SHA-256(previous hash as 32 raw bytes ‖ the RFC 8785
 * canonical JSON of the entry without `hash`), 32 zero bytes before the first entry. The canonical
 * JSON holds `seq`, `kind`, the entry's fields with times as `YYYY-MM-DDTHH:MM:SS.sssZ`, and, where
 * the entry has personal data, `personalData`: the HMAC-SHA-256 of that data under the store's
 * secret. docs/ledger.md gives the byte layout with a worked example.
 */
import { createHmac, hash as oneShotHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import { formatTime } from '../domain/time.js';
import { isWellFormed } from '../domain/unicode.js';
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
  const parts = entryJsonParts(entry);
  if (parts !== undefined) {
    const seq = (entry as { seq?: unknown }).seq;
    return seq === undefined ? parts[0] + parts[1] : `${parts[0]},"seq":${seq as number}${parts[1]}`;
  }
  return canonicalJson(hashedObject(entry));
}

/** Every key of an entry of the usual shape but `seq` and `hash`, sorted by UTF-16 code units. */
const PART_KEYS = ['at', 'channel', 'choice', 'kind', 'method', 'noticeVersion', 'personalData', 'purpose'] as const;
const QUOTED = PART_KEYS.map((k) => `,${JSON.stringify(k)}:`);

/**
 * The canonical JSON of an entry of the usual shape, cut where `seq` goes: `head + tail` is the
 * JSON without `seq`, `head + ',"seq":N' + tail` with it (`seq` sorts between `purpose` and
 * `subject`, and `subject` is the last key). One string serves both the entry's key and its hash.
 * `undefined` for anything unusual (an unknown key, a value of another type, a `seq` that is not a
 * safe integer): the reference path then decides the bytes.
 */
export function entryJsonParts(entry: object): [head: string, tail: string] | undefined {
  const obj = entry as Record<string, unknown>;
  const at = obj.at;
  const subject = obj.subject;
  if (typeof at !== 'number' || typeof subject !== 'string') return undefined;
  let head = `{"at":"${formatTime(at)}"`;
  let n = 2;
  for (let i = 1; i < PART_KEYS.length; i++) {
    const v = obj[PART_KEYS[i]!];
    if (v === undefined) continue;
    if (typeof v !== 'string') return undefined;
    head += QUOTED[i]! + JSON.stringify(v);
    n++;
  }
  const seq = obj.seq;
  if (seq !== undefined) {
    if (!Number.isSafeInteger(seq)) return undefined;
    n++;
  }
  if (obj.hash !== undefined) n++;
  let keys = 0;
  for (const k in obj) if (Object.prototype.hasOwnProperty.call(obj, k) && obj[k] !== undefined) keys++;
  if (keys !== n) return undefined;
  return [head, `,"subject":${JSON.stringify(subject)}}`];
}

/**
 * RFC 8785 canonical JSON. For JSON data (strings, finite numbers, booleans, null, arrays and plain
 * objects) JCS is exactly: keys sorted by UTF-16 code units, each scalar as ECMAScript's
 * JSON.stringify writes it (RFC 8785 §3.2.2 adopts those serialisations). That is written here,
 * which keeps a general canonicaliser off the hot path of import (evidence is a nested object);
 * anything else (a lone surrogate inside nested data, which the library refuses; a non-finite
 * number; `toJSON`; undefined or symbols inside arrays) goes to the `canonicalize` library. A flat
 * object's strings are written as JSON.stringify writes them, as they always were. A property test
 * holds this to the library.
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
    if (typeof v === 'object' && v !== null) return jcs(value) ?? canonicalize(value);
    if (typeof v === 'number' && !Number.isFinite(v)) return canonicalize(value);
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(k)}:${JSON.stringify(v)}`;
  }
  return `${out}}`;
}

function jcs(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return isWellFormed(v) ? JSON.stringify(v) : undefined;
    case 'number':
      return Number.isFinite(v) ? JSON.stringify(v) : undefined;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (v === null) return 'null';
      if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return undefined;
      if (Array.isArray(v)) {
        let out = '[';
        for (let i = 0; i < v.length; i++) {
          const part = jcs(v[i]);
          if (part === undefined) return undefined;
          out += i > 0 ? `,${part}` : part;
        }
        return `${out}]`;
      }
      const obj = v as Record<string, unknown>;
      const keys = Object.keys(obj);
      const shape = shapeOf(keys);
      if (shape === undefined) return undefined;
      const { order, quoted } = shape;
      let out = '{';
      for (let i = 0; i < order.length; i++) {
        const j = order[i]!;
        const value = obj[keys[j]!];
        if (value === undefined) continue; // as JSON and the library: an undefined member is absent
        const part = typeof value === 'string' ? (isWellFormed(value) ? JSON.stringify(value) : undefined) : jcs(value);
        if (part === undefined) return undefined;
        out += out.length > 1 ? `,${quoted[j]!}${part}` : `${quoted[j]!}${part}`;
      }
      return `${out}}`;
    }
    default:
      return undefined;
  }
}

/** An object's keys in canonical order (`order` indexes `keys`) and each as `"key":`. */
interface Shape {
  keys: readonly string[];
  order: number[];
  quoted: string[];
}
/**
 * The shapes of the last few objects: import canonicalises many objects of a few shapes (evidence),
 * and sorting and quoting their keys again each time was a third of the cost.
 */
const shapes: Shape[] = [];
let nextShape = 0;
const SHAPES = 8;

/** `undefined` where a key is not well-formed text (the library refuses it). */
function shapeOf(keys: readonly string[]): Shape | undefined {
  next: for (let s = 0; s < shapes.length; s++) {
    const shape = shapes[s]!;
    if (shape.keys.length !== keys.length) continue;
    for (let i = 0; i < keys.length; i++) if (shape.keys[i] !== keys[i]) continue next;
    return shape;
  }
  for (const k of keys) if (!isWellFormed(k)) return undefined;
  // `<` compares strings by UTF-16 code units, as RFC 8785 §3.2.3 sorts.
  const order = keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
  const shape: Shape = { keys, order, quoted: keys.map((k) => `${JSON.stringify(k)}:`) };
  shapes[nextShape] = shape;
  nextShape = (nextShape + 1) % SHAPES;
  return shape;
}

let scratch = Buffer.allocUnsafe(1 << 14);
/**
 * SHA-256(previous hash as 32 raw bytes ‖ UTF-8 text), hex in and out, over one reused buffer in
 * one call. No Buffer is made per entry: with the hash as a Buffer, then as hex, sealing 322,776
 * entries cost 1.39 s of CPU against 0.88 s.
 */
export function chainHashHex(previousHex: string, text: string): string {
  const need = 32 + text.length * 3;
  if (need > scratch.length) scratch = Buffer.allocUnsafe(need);
  writePrevious(previousHex);
  const n = scratch.write(text, 32, 'utf8');
  return oneShotHash('sha256', scratch.subarray(0, 32 + n), 'hex');
}

/** The previous hash as the scratch buffer's first 32 bytes. */
function writePrevious(previousHex: string): void {
  // Hex that is not 64 digits hashes as its bytes followed by zeros, never as stale buffer bytes.
  const written = scratch.write(previousHex, 0, 32, 'hex');
  if (written < 32) scratch.fill(0, written, 32);
}

/**
 * An entry's key and its hash as `seq` after `previousHex`, from its canonical JSON cut where `seq`
 * goes (`entryJsonParts`): `entryKey`'s SHA-256 of `head + tail` as base64url, and
 * `chainHashHex(previousHex, head + ',"seq":N' + tail)`. Both texts are laid out in one reused
 * buffer, the second from the first by moving `tail` along, so neither is made as a string (import
 * keys and seals every entry on its writing thread, where both concatenations were flattened).
 */
export function keyAndChainHash(previousHex: string, seq: number, head: string, tail: string): { key: string; hash: string } {
  const seqText = `,"seq":${seq}`;
  const need = 32 + (head.length + tail.length) * 3 + seqText.length;
  if (need > scratch.length) scratch = Buffer.allocUnsafe(need);
  const h = 32 + scratch.write(head, 32, 'utf8');
  const t = scratch.write(tail, h, 'utf8');
  const key = oneShotHash('sha256', scratch.subarray(32, h + t), 'base64url');
  scratch.copyWithin(h + seqText.length, h, h + t);
  scratch.write(seqText, h, 'latin1');
  writePrevious(previousHex);
  return { key, hash: oneShotHash('sha256', scratch.subarray(0, h + seqText.length + t), 'hex') };
}

/** The keyed hash that the chain commits to in place of personal data. */
export function personalDataHmac(secret: Buffer, data: unknown): string {
  return createHmac('sha256', secret).update(canonicalJson(data), 'utf8').digest('hex');
}

/**
 * `personalDataHmac` with the key set once: HMAC-SHA-256 (RFC 2104) as two one-shot
 * SHA-256 calls over reused buffers, SHA-256((K ⊕ opad) ‖ SHA-256((K ⊕ ipad) ‖ m)), which costs
 * less than an `Hmac` object per row. A test holds it to `createHmac`.
 */
export function personalDataHmacWith(secret: Buffer): (data: unknown) => string {
  if (secret.length > 64) return (data) => createHmac('sha256', secret).update(canonicalJson(data), 'utf8').digest('hex');
  const key = Buffer.alloc(64);
  secret.copy(key);
  let inner = Buffer.allocUnsafe(4096);
  const outer = Buffer.allocUnsafe(96);
  for (let i = 0; i < 64; i++) {
    inner[i] = key[i]! ^ 0x36;
    outer[i] = key[i]! ^ 0x5c;
  }
  return (data) => {
    const text = canonicalJson(data);
    if (64 + text.length * 3 > inner.length) {
      const bigger = Buffer.allocUnsafe(64 + text.length * 3);
      inner.copy(bigger, 0, 0, 64);
      inner = bigger;
    }
    const n = inner.write(text, 64, 'utf8');
    // The inner hash as hex written into place: no Buffer made per row (see `chainHashHex`).
    outer.write(oneShotHash('sha256', inner.subarray(0, 64 + n), 'hex'), 64, 32, 'hex');
    return oneShotHash('sha256', outer, 'hex');
  };
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
    // The canonical JSON is only made for an entry in sequence (a gap is reported first).
    return this.pushText(entry.seq, entry.hash, () => entryCanonicalJson(entry));
  }

  /** `push` for an entry given as its seq, stored hash and canonical JSON (`entryCanonicalJson`). */
  pushText(seq: number, storedHash: unknown, text: () => string): boolean {
    if (this.#bad) return false;
    const expected = this.#head.seq + 1;
    if (seq !== expected) {
      this.#bad = { seq: expected, why: `expected seq ${expected}, found ${seq}` };
      return false;
    }
    const hash = chainHashHex(this.#head.hash, text());
    if (hash !== storedHash) {
      this.#bad = { seq, why: `hash of seq ${seq} does not match its contents and the previous hash` };
      return false;
    }
    this.#head = { seq, hash };
    this.#count++;
    return true;
  }

  get ok(): boolean {
    return this.#bad === undefined;
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
