/**
 * A small seeded PRNG (sfc32) and stateless hashes. The generator must give byte-identical files for
 * one seed on any machine, so nothing here touches Math.random or the clock, and every random stream
 * is derived from (seed, stream tag, index): a member's facts can be recomputed from its index alone
 * (a mention of member j needs j's name without holding every name in memory).
 */

/** murmur3's 32-bit finaliser: a cheap, well-mixing bijection on uint32. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Four 32-bit words from any seed (cyrb128-style over the UTF-16 code units of its text). */
export function seedWords(seed: string | number): [number, number, number, number] {
  const text = typeof seed === 'number' ? `n:${seed}` : `s:${seed}`;
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [fmix32(h1 ^ h2 ^ h3 ^ h4), fmix32(h2 ^ h1), fmix32(h3 ^ h1), fmix32(h4 ^ h1)];
}

/** Stream tags: one independent stream family per concern, so a change to one leaves the others alone. */
export const STREAM = {
  member: 1,
  content: 2,
  consent: 3,
  weight: 4,
  group: 5,
  person: 6,
  objection: 7,
  memberObjection: 8,
} as const;

/** sfc32: 128 bits of state, passes PractRand to 2^42+, and is all 32-bit integer work (fast in V8). */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a | 0; this.b = b | 0; this.c = c | 0; this.d = d | 0;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** The independent stream (tag, index) of a seed. */
  static of(seed: readonly [number, number, number, number], tag: number, index: number): Rng {
    const x = fmix32((index >>> 0) ^ Math.imul(tag, 0x9e3779b1));
    const y = fmix32(Math.floor(index / 4294967296) ^ Math.imul(tag + 0x6d2b79f5, 0x85ebca6b));
    return new Rng(seed[0] ^ x, seed[1] ^ y, seed[2] ^ fmix32(x + tag), 1 ^ seed[3]);
  }

  u32(): number {
    const a = this.a, b = this.b, c = this.c, d = this.d;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    const r = (c << 21) | (c >>> 11);
    this.c = (r + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n) for n up to 2^32. */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** A decimal digit string of `n` digits (leading zeros allowed). */
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(48 + this.int(10));
    return s;
  }
}

/** Stateless uniform [0, 1) for (seed, tag, index): for decisions made about an index from anywhere. */
export function hash01(seed: readonly [number, number, number, number], tag: number, index: number): number {
  const h = fmix32(fmix32((index >>> 0) ^ seed[0] ^ Math.imul(tag, 0x27d4eb2f)) ^ seed[1] ^ Math.floor(index / 4294967296));
  return h / 4294967296;
}

/**
 * A weighted choice table built once: `pick` is a binary search over cumulative integer weights, so
 * the result never depends on floating-point summation order.
 */
export class Weighted<T> {
  private readonly values: T[];
  private readonly cumulative: Uint32Array;
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    this.values = entries.map((e) => e[0]);
    this.cumulative = new Uint32Array(entries.length);
    let sum = 0;
    entries.forEach(([, w], i) => {
      // Weights are given to 0.01; scale to integers.
      sum += Math.round(w * 100);
      this.cumulative[i] = sum;
    });
    this.total = sum;
    if (sum <= 0) throw new Error('Weighted: no positive weight');
  }

  pick(rng: Rng): T {
    const x = rng.int(this.total);
    return this.at(x);
  }

  /** The value for a uniform u in [0, 1). */
  fromUnit(u: number): T {
    return this.at(Math.floor(u * this.total));
  }

  private at(x: number): T {
    let lo = 0, hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo] as T;
  }
}
