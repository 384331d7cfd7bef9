/**
 * A pure-JS SHA-256 (FIPS 180-4) tuned for many short messages: no allocation per message and no
 * JS↔native crossing, which is what makes `crypto.hash` cost ~2.5 µs for a 65-byte input. This is the
 * fallback when the native addon is not built; the native path must give identical bytes (tested).
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const H0 = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

/** Hashes messages of the form `prefix || bytes` into caller-owned output without allocating. */
export class JsSha256 {
  private readonly state = new Int32Array(8);
  private readonly w = new Int32Array(64);
  /** Padded message scratch; grows for long messages (ids are short, so it rarely does). */
  private block = new Uint8Array(192);

  /** SHA-256(prefix? || src[start..end)) written to out[outOff..outOff+32). prefix < 0 means none. */
  digestInto(prefix: number, src: Uint8Array, start: number, end: number, out: Uint8Array, outOff: number): void {
    const len = end - start + (prefix >= 0 ? 1 : 0);
    const padded = ((len + 8) >>> 6) * 64 + 64; // room for 0x80 and the 64-bit length
    if (padded > this.block.length) this.block = new Uint8Array(padded * 2);
    const b = this.block;
    let p = 0;
    if (prefix >= 0) b[p++] = prefix;
    // Byte loops, not set()/fill(): for 10–70 bytes a subarray allocation costs more than the copy.
    for (let i = start; i < end; i++) b[p++] = src[i]!;
    b[p++] = 0x80;
    while (p < padded - 4) b[p++] = 0;
    // Bit length, big-endian; the high word is 0 for anything under 512 MB.
    const bits = len * 8;
    b[padded - 4] = bits >>> 24;
    b[padded - 3] = bits >>> 16;
    b[padded - 2] = bits >>> 8;
    b[padded - 1] = bits;
    this.state.set(H0);
    for (let off = 0; off < padded; off += 64) this.compress(b, off);
    const s = this.state;
    for (let i = 0; i < 8; i++) {
      const v = s[i]!;
      const o = outOff + i * 4;
      out[o] = v >>> 24;
      out[o + 1] = v >>> 16;
      out[o + 2] = v >>> 8;
      out[o + 3] = v;
    }
  }

  private compress(b: Uint8Array, off: number): void {
    const w = this.w;
    for (let i = 0; i < 16; i++) {
      const j = off + i * 4;
      w[i] = (b[j]! << 24) | (b[j + 1]! << 16) | (b[j + 2]! << 8) | b[j + 3]!;
    }
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15]!;
      const y = w[i - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    const s = this.state;
    let a = s[0]!, bb = s[1]!, c = s[2]!, d = s[3]!, e = s[4]!, f = s[5]!, g = s[6]!, h = s[7]!;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = g ^ (e & (f ^ g));
      const t1 = (h + S1 + ch + K[i]! + w[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & bb) | (c & (a | bb));
      const t2 = (S0 + maj) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = bb;
      bb = a;
      a = (t1 + t2) | 0;
    }
    s[0] = (s[0]! + a) | 0;
    s[1] = (s[1]! + bb) | 0;
    s[2] = (s[2]! + c) | 0;
    s[3] = (s[3]! + d) | 0;
    s[4] = (s[4]! + e) | 0;
    s[5] = (s[5]! + f) | 0;
    s[6] = (s[6]! + g) | 0;
    s[7] = (s[7]! + h) | 0;
  }
}
