import { createHash } from 'node:crypto';
import { equalBytes, hexToBytes, isHash } from './hex.js';

/**
 * Verification is deliberately separate from the fast code: plain node:crypto, one hash at a time,
 * following RFC 9162 §2.1.3.2 (the verification algorithm for RFC 6962's audit paths).
 */
function sha256(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

export function leafHash(id: string): Uint8Array {
  return sha256(new Uint8Array([0]), Buffer.from(id, 'utf8'));
}

/** The root an audit path leads to, or null when the path cannot belong to a tree of this size. */
export function rootFromInclusionPath(
  leaf: Uint8Array,
  index: number,
  treeSize: number,
  path: readonly Uint8Array[],
): Uint8Array | null {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize) || index < 0 || index >= treeSize) return null;
  // fn/sn as in RFC 9162; plain numbers (not 32-bit shifts) so sizes past 2^31 work.
  let fn = index;
  let sn = treeSize - 1;
  let r = leaf;
  const one = new Uint8Array([1]);
  for (const p of path) {
    if (p.length !== 32 || sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = sha256(one, p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = sha256(one, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

/**
 * True when `path` proves that `id` is leaf `index` of the tree of `treeSize` leaves with `root`.
 * Malformed input (bad hex, wrong lengths, index out of range) is simply false.
 */
export function verifyInclusion(
  root: string,
  id: string,
  index: number,
  treeSize: number,
  path: readonly string[],
): boolean {
  if (!isHash(root) || typeof id !== 'string' || !Array.isArray(path) || !path.every(isHash)) return false;
  const r = rootFromInclusionPath(leafHash(id), index, treeSize, path.map((p) => hexToBytes(p, 32)));
  return r !== null && equalBytes(r, hexToBytes(root, 32));
}

/** SHA-256 of nothing: the root of the empty tree. */
export const EMPTY_ROOT = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
