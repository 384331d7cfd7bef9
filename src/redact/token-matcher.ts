/**
 * Which identifiers could occur in a text, by their words: an identifier is a *candidate* when
 * every one of its tokens (runs of letters, digits and `_`, folded with `foldCase`) is a token of
 * the folded text. Every identifier of spec §4 step 2 is matched case-insensitively and is not
 * glued to a word character on its outside, so an identifier that occurs in a text is a
 * candidate; the converse need not hold (tokens apart, in another order, or a hash collision).
 *
 * One pass over the text's code units, no allocation for a text of the BMP: each unit is
 * classified and folded by table (`WORD_UNIT`, `FOLD_UNIT`), each token hashed as it is read
 * (FNV-1a over folded units) and looked up in an open-addressed table of the identifiers' token
 * hashes. A token holding a character beyond the BMP is folded with `foldCase` and hashed the same
 * way. Two tokens of equal hash count as one: a collision only makes a candidate more (over
 * 2^32 values, rarely), never one fewer.
 */
import { FOLD_UNIT, foldCase } from './case-fold.js';
import { isWordCodePoint, WORD_UNIT } from './chars.js';

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** FNV-1a of the folded code units of `s`. */
export function tokenHash(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ FOLD_UNIT[s.charCodeAt(i)]!, FNV_PRIME);
  return h;
}

/** Slot of a hash in a table of `mask + 1` slots (the low bits of FNV alone cluster). */
function slotOf(h: number, mask: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x45d9f3b);
  x ^= x >>> 16;
  return x & mask;
}

/**
 * Each BMP code unit for the scan, in one load: 0 when it is not a letter, digit or `_`,
 * `SURROGATE` for a surrogate (test the code point), else its fold (`FOLD_UNIT`, never 0 for a
 * word unit, and no word unit folds to U+FFFF).
 */
const SURROGATE = 0xffff;
const SCAN_UNIT: Uint16Array = (() => {
  const t = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) t[c] = WORD_UNIT[c] === 2 ? SURROGATE : WORD_UNIT[c] === 1 ? FOLD_UNIT[c]! : 0;
  return t;
})();

/** Bits of the filter: 64 KiB. */
const FILTER_BITS = 1 << 19;

/** Bit of a hash in the filter: the high bits of another multiplier than `slotOf`'s. */
function filterBit(h: number): number {
  return Math.imul(h, 0x9e3779b1) >>> (32 - 19);
}

/** The tokens of a folded string, as `[\p{L}\p{N}_]+` reads them. */
const TOKEN = /[\p{L}\p{N}_]+/gu;
export function tokensOf(s: string): string[] {
  return foldCase(s).match(TOKEN) ?? [];
}

/** The identifiers filed under one anchor token: `filed[y]` are those whose second rarest token is `partners[y]`. */
interface Pairs {
  partners: Int32Array;
  filed: Int32Array[];
}

export class TokenMatcher {
  /**
   * Open-addressed table, interleaved so that a probe touches one cache line: at `2s` a token
   * hash, at `2s + 1` its token id + 1 (0 = empty slot).
   */
  readonly #table: Int32Array;
  readonly #mask: number;
  /**
   * One bit per value of a second mix of the hash, set for every token of an identifier. It is
   * small enough to stay in the core's cache, while the table of tens of thousands of objections
   * is not; most words of a text are nobody's token and stop here.
   */
  readonly #filter = new Int32Array(FILTER_BITS >>> 5);
  /** Per token id, the identifiers whose only token it is. */
  readonly #single: (Int32Array | undefined)[] = [];
  /**
   * Per token id, the identifiers of two tokens or more whose rarest token it is (fewest
   * identifiers share it), by their second rarest. Objectors share given names, family names and
   * mail domains, so one token alone would file hundreds of identifiers together at scale; a pair
   * of tokens files a handful.
   */
  readonly #pairs: (Pairs | undefined)[] = [];
  /** Per identifier, its distinct token ids. */
  readonly #need: Int32Array[] = [];
  /** `#stamp[id] === #epoch`: token id seen in the text being scanned. */
  #stamp: Int32Array;
  #epoch = 0;
  /** The distinct known token ids of the text being scanned. */
  #seen = new Int32Array(64);

  /** `identifiers[k]` is the list of tokens of identifier k (at least one; folded or not). */
  constructor(identifiers: readonly (readonly string[])[]) {
    const hashes = new Map<number, number>();
    const idOf = (token: string): number => {
      const h = tokenHash(token);
      let id = hashes.get(h);
      if (id === undefined) {
        id = hashes.size;
        hashes.set(h, id);
      }
      return id;
    };
    for (const tokens of identifiers) {
      if (tokens.length === 0) throw new Error('internal: an identifier without a token cannot be matched by its tokens');
      this.#need.push(Int32Array.from(new Set(tokens.map(idOf))));
    }
    const shared = new Int32Array(hashes.size);
    for (const ids of this.#need) for (const id of ids) shared[id]!++;
    const single: number[][] = [];
    const pairs: Map<number, number[]>[] = [];
    this.#need.forEach((ids, k) => {
      if (ids.length === 1) {
        (single[ids[0]!] ??= []).push(k);
        return;
      }
      // The two rarest tokens (ties by id: any choice is right, a stable one is reproducible).
      const [a, b] = [...ids].sort((x, y) => shared[x]! - shared[y]! || x - y);
      const byPartner = (pairs[a!] ??= new Map());
      let list = byPartner.get(b!);
      if (list === undefined) byPartner.set(b!, (list = []));
      list.push(k);
    });
    let size = 16;
    while (size < hashes.size * 4) size *= 2;
    this.#mask = size - 1;
    this.#table = new Int32Array(2 * size);
    for (const [h, id] of hashes) {
      let s = slotOf(h, this.#mask);
      while (this.#table[2 * s + 1] !== 0) s = (s + 1) & this.#mask;
      this.#table[2 * s] = h;
      this.#table[2 * s + 1] = id + 1;
      const f = filterBit(h);
      this.#filter[f >>> 5]! |= 1 << (f & 31);
    }
    for (let id = 0; id < hashes.size; id++) {
      this.#single.push(single[id] === undefined ? undefined : Int32Array.from(single[id]!));
      const p = pairs[id];
      this.#pairs.push(p === undefined ? undefined : { partners: Int32Array.from(p.keys()), filed: [...p.values()].map((ks) => Int32Array.from(ks)) });
    }
    this.#stamp = new Int32Array(hashes.size);
  }

  /** Number of identifiers. */
  get size(): number {
    return this.#need.length;
  }

  /** Token id of a hash, or -1. */
  #lookup(h: number): number {
    const f = filterBit(h);
    if ((this.#filter[f >>> 5]! & (1 << (f & 31))) === 0) return -1;
    const table = this.#table;
    let s = slotOf(h, this.#mask);
    for (;;) {
      const id = table[2 * s + 1]!;
      if (id === 0) return -1;
      if (table[2 * s] === h) return id - 1;
      s = (s + 1) & this.#mask;
    }
  }

  /** Scans the text: stamps its known tokens and lists them once each; returns how many. */
  #scan(text: string): number {
    if (++this.#epoch === 0x7fffffff) {
      this.#stamp.fill(0);
      this.#epoch = 1;
    }
    const epoch = this.#epoch;
    const stamp = this.#stamp;
    let seen = 0;
    const n = text.length;
    let i = 0;
    while (i < n) {
      let u = SCAN_UNIT[text.charCodeAt(i)]!;
      if (u === 0 || (u === SURROGATE && !wordPairAt(text, i))) {
        i++;
        continue;
      }
      const start = i;
      let h = FNV_OFFSET;
      let astral = false;
      for (;;) {
        if (u !== SURROGATE) {
          h = Math.imul(h ^ u, FNV_PRIME);
          i++;
        } else {
          astral = true;
          i += 2;
        }
        if (i >= n) break;
        u = SCAN_UNIT[text.charCodeAt(i)]!;
        if (u === 0 || (u === SURROGATE && !wordPairAt(text, i))) break;
      }
      if (astral) h = tokenHash(foldCase(text.slice(start, i)));
      const id = this.#lookup(h);
      if (id < 0 || stamp[id] === epoch) continue;
      stamp[id] = epoch;
      if (seen === this.#seen.length) {
        const grown = new Int32Array(seen * 2);
        grown.set(this.#seen);
        this.#seen = grown;
      }
      this.#seen[seen++] = id;
    }
    return seen;
  }

  #complete(k: number): boolean {
    const need = this.#need[k]!;
    for (let j = 0; j < need.length; j++) if (this.#stamp[need[j]!] !== this.#epoch) return false;
    return true;
  }

  /**
   * The candidate identifiers of the scanned text (`seen` tokens): pushed to `out`, or with no
   * `out`, true at the first one.
   */
  #collect(seen: number, out: number[] | undefined): boolean {
    const tokens = this.#seen;
    const stamp = this.#stamp;
    const epoch = this.#epoch;
    for (let x = 0; x < seen; x++) {
      const a = tokens[x]!;
      const single = this.#single[a];
      if (single !== undefined) {
        if (out === undefined) return true;
        for (let j = 0; j < single.length; j++) out.push(single[j]!);
      }
      const pairs = this.#pairs[a];
      if (pairs === undefined) continue;
      // The anchor is the rarest token, so its partners are few: test each against the stamps.
      const partners = pairs.partners;
      for (let y = 0; y < partners.length; y++) {
        if (stamp[partners[y]!] !== epoch) continue;
        const filed = pairs.filed[y]!;
        for (let j = 0; j < filed.length; j++) {
          if (!this.#complete(filed[j]!)) continue;
          if (out === undefined) return true;
          out.push(filed[j]!);
        }
      }
    }
    return false;
  }

  /** Is some identifier a candidate in the text? */
  any(text: string): boolean {
    return this.#collect(this.#scan(text), undefined);
  }

  /** The candidate identifiers in the text (indexes, each once, in no particular order). */
  candidates(text: string): number[] {
    const out: number[] = [];
    this.#collect(this.#scan(text), out);
    return out;
  }
}

/** Is there a surrogate pair at `i` whose code point is a letter or digit? */
function wordPairAt(text: string, i: number): boolean {
  const cp = text.codePointAt(i)!;
  return cp > 0xffff && isWordCodePoint(cp);
}
