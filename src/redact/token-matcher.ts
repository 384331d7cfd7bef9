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

/** The tokens of a folded string, as `[\p{L}\p{N}_]+` reads them. */
const TOKEN = /[\p{L}\p{N}_]+/gu;
export function tokensOf(s: string): string[] {
  return foldCase(s).match(TOKEN) ?? [];
}

export class TokenMatcher {
  /** Open-addressed table: token hash, and token id + 1 (0 = empty slot). */
  readonly #keys: Int32Array;
  readonly #ids: Int32Array;
  readonly #mask: number;
  /** Per token id, the identifiers filed under it (their rarest-looking token: the longest). */
  readonly #filed: (Int32Array | undefined)[] = [];
  /** Per identifier, its distinct token ids. */
  readonly #need: Int32Array[] = [];
  /** `#stamp[id] === #epoch`: token id seen in the text being scanned. */
  #stamp: Int32Array;
  #epoch = 0;
  /** Token ids seen in this text that have identifiers filed under them. */
  #hits = new Int32Array(64);

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
    const filed: number[][] = [];
    identifiers.forEach((tokens, k) => {
      if (tokens.length === 0) throw new Error('internal: an identifier without a token cannot be matched by its tokens');
      const ids = [...new Set(tokens.map(idOf))];
      let anchor = 0;
      for (let j = 1; j < tokens.length; j++) if (tokens[j]!.length > tokens[anchor]!.length) anchor = j;
      const a = idOf(tokens[anchor]!);
      (filed[a] ??= []).push(k);
      this.#need.push(Int32Array.from(ids));
    });
    let size = 16;
    while (size < hashes.size * 4) size *= 2;
    this.#mask = size - 1;
    this.#keys = new Int32Array(size);
    this.#ids = new Int32Array(size);
    for (const [h, id] of hashes) {
      let s = slotOf(h, this.#mask);
      while (this.#ids[s] !== 0) s = (s + 1) & this.#mask;
      this.#keys[s] = h;
      this.#ids[s] = id + 1;
    }
    for (let id = 0; id < hashes.size; id++) this.#filed.push(filed[id] === undefined ? undefined : Int32Array.from(filed[id]!));
    this.#stamp = new Int32Array(hashes.size);
  }

  /** Number of identifiers. */
  get size(): number {
    return this.#need.length;
  }

  /** Token id of a hash, or -1. */
  #lookup(h: number): number {
    let s = slotOf(h, this.#mask);
    for (;;) {
      const id = this.#ids[s]!;
      if (id === 0) return -1;
      if (this.#keys[s] === h) return id - 1;
      s = (s + 1) & this.#mask;
    }
  }

  /** Scans the text: stamps its known tokens, lists those with identifiers filed; returns how many. */
  #scan(text: string): number {
    if (++this.#epoch === 0x7fffffff) {
      this.#stamp.fill(0);
      this.#epoch = 1;
    }
    const epoch = this.#epoch;
    const stamp = this.#stamp;
    let hits = 0;
    const n = text.length;
    let i = 0;
    while (i < n) {
      let c = text.charCodeAt(i);
      let w = WORD_UNIT[c]!;
      if (w === 0 || (w === 2 && !wordPairAt(text, i))) {
        i++;
        continue;
      }
      const start = i;
      let h = FNV_OFFSET;
      let astral = false;
      while (i < n) {
        c = text.charCodeAt(i);
        w = WORD_UNIT[c]!;
        if (w === 1) {
          h = Math.imul(h ^ FOLD_UNIT[c]!, FNV_PRIME);
          i++;
        } else if (w === 2 && wordPairAt(text, i)) {
          astral = true;
          i += 2;
        } else break;
      }
      if (astral) h = tokenHash(foldCase(text.slice(start, i)));
      const id = this.#lookup(h);
      if (id < 0 || stamp[id] === epoch) continue;
      stamp[id] = epoch;
      if (this.#filed[id] === undefined) continue;
      if (hits === this.#hits.length) {
        const grown = new Int32Array(hits * 2);
        grown.set(this.#hits);
        this.#hits = grown;
      }
      this.#hits[hits++] = id;
    }
    return hits;
  }

  #complete(k: number): boolean {
    const need = this.#need[k]!;
    for (let j = 0; j < need.length; j++) if (this.#stamp[need[j]!] !== this.#epoch) return false;
    return true;
  }

  /** Is some identifier a candidate in the text? */
  any(text: string): boolean {
    const hits = this.#scan(text);
    for (let x = 0; x < hits; x++) {
      const filed = this.#filed[this.#hits[x]!]!;
      for (let j = 0; j < filed.length; j++) if (this.#complete(filed[j]!)) return true;
    }
    return false;
  }

  /** The candidate identifiers in the text (indexes, in no particular order). */
  candidates(text: string): number[] {
    const out: number[] = [];
    const hits = this.#scan(text);
    for (let x = 0; x < hits; x++) {
      const filed = this.#filed[this.#hits[x]!]!;
      for (let j = 0; j < filed.length; j++) if (this.#complete(filed[j]!)) out.push(filed[j]!);
    }
    return out;
  }
}

/** Is there a surrogate pair at `i` whose code point is a letter or digit? */
function wordPairAt(text: string, i: number): boolean {
  const cp = text.codePointAt(i)!;
  return cp > 0xffff && isWordCodePoint(cp);
}
