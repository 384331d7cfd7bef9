import { createHash } from 'node:crypto';

/**
 * RFC 6962 §2.1 transcribed literally, with node:crypto and no cleverness: the independent
 * reference the fast code is tested against. Quadratic-ish and allocation-heavy; for tests only.
 */
const sha = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

/** k: the largest power of two smaller than n (n > 1). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[n]). */
export function referenceMth(d: readonly string[]): Buffer {
  const n = d.length;
  if (n === 0) return sha();
  if (n === 1) return sha(Buffer.from([0]), utf8(d[0]!));
  const k = split(n);
  return sha(Buffer.from([1]), referenceMth(d.slice(0, k)), referenceMth(d.slice(k)));
}

/** PATH(m, D[n]) of §2.1.1. */
export function referencePath(m: number, d: readonly string[]): Buffer[] {
  const n = d.length;
  if (n <= 1) return [];
  const k = split(n);
  if (m < k) return [...referencePath(m, d.slice(0, k)), referenceMth(d.slice(k))];
  return [...referencePath(m - k, d.slice(k)), referenceMth(d.slice(0, k))];
}
