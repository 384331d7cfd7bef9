import { describe, expect, it } from 'vitest';
import { getHasher, type HasherName } from './backend.js';
import { MerkleBuilder, merkleRoot } from './builder.js';
import { loadNativeHasher } from './native-hasher.js';
import { MerkleOrderError } from './order-error.js';
import { referenceMth } from './rfc6962-reference.js';

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `item:${String(i).padStart(5, '0')}`);

const backends: HasherName[] = loadNativeHasher() ? ['native', 'js', 'node-crypto'] : ['js', 'node-crypto'];

describe('merkleRoot', () => {
  // Hand-checked against RFC 6962's recursion by an independent implementation (rfc6962-reference.ts)
  // and pinned here so a change in either shows.
  it('empty tree is SHA-256 of nothing', () => {
    expect(merkleRoot([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('one leaf is SHA-256(0x00 || id)', () => {
    // printf '\x00a' | sha256sum
    expect(merkleRoot(['a'])).toBe('022a6979e6dab7aa5ae4c3e5e45f7e977112a7e63593820dbec1ec738a24f93c');
  });

  for (const n of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 33, 100]) {
    it(`${n} leaves match the RFC recursion on every backend and batch size`, () => {
      const d = ids(n);
      const want = referenceMth(d).toString('hex');
      for (const b of backends) {
        for (const batchLeaves of [1, 2, 4, 8, 1 << 16]) {
          expect(merkleRoot(d, { hasher: getHasher(b), batchLeaves }), `${b} batch ${batchLeaves}`).toBe(want);
        }
      }
    });
  }

  it('is not the balanced tree with a duplicated odd node (Bitcoin style)', () => {
    // For 3 leaves RFC 6962 gives H(H(a,b), c), not H(H(a,b), H(c,c)).
    const d = ['a', 'b', 'c'];
    expect(merkleRoot(d)).toBe(referenceMth(d).toString('hex'));
    expect(merkleRoot(d)).not.toBe(referenceMth(['a', 'b', 'c', 'c']).toString('hex'));
  });

  it('root() mid-stream does not disturb the builder', () => {
    const d = ids(300);
    const b = new MerkleBuilder({ batchLeaves: 16 });
    d.forEach((id, i) => {
      b.add(id);
      if (i % 37 === 0) expect(b.rootHex()).toBe(referenceMth(d.slice(0, i + 1)).toString('hex'));
    });
    expect(b.rootHex()).toBe(referenceMth(d).toString('hex'));
    expect(b.size).toBe(300);
  });

  it('addBytes and add agree, and UTF-8 ids hash as their bytes', () => {
    const d = ['Z', 'a', 'é', '日本', '😀'];
    const b = new MerkleBuilder({ batchLeaves: 2 });
    for (const id of d) {
      const bytes = Buffer.from(id, 'utf8');
      b.addBytes(bytes, 0, bytes.length);
    }
    expect(b.rootHex()).toBe(referenceMth(d).toString('hex'));
    expect(merkleRoot(d)).toBe(referenceMth(d).toString('hex'));
  });

  it('addLines takes LF-separated ids', () => {
    const d = ids(40);
    const b = new MerkleBuilder({ batchLeaves: 8 });
    b.addLines(Buffer.from(`${d.slice(0, 25).join('\n')}\n`));
    b.addLines(Buffer.from(d.slice(25).join('\n')));
    expect(b.rootHex()).toBe(referenceMth(d).toString('hex'));
  });

  it('refuses ids out of byte order or repeated, within and across batches', () => {
    for (const batchLeaves of [2, 1 << 16]) {
      expect(() => merkleRoot(['a', 'c', 'b'], { batchLeaves })).toThrow(MerkleOrderError);
      expect(() => merkleRoot(['a', 'b', 'b'], { batchLeaves })).toThrow(MerkleOrderError);
      expect(() => merkleRoot(['ab', 'a'], { batchLeaves })).toThrow(/"a" at index 1 follows "ab"/);
    }
    // Bytewise, not UTF-16: U+FF61 (EF BD A1) sorts before U+1F600 (F0 9F 98 80) though JS '<' says otherwise.
    expect(() => merkleRoot(['\uff61', '😀'])).not.toThrow();
  });
});

describe('docs/proofs.md worked example', () => {
  it('has the values the document prints', () => {
    const d = ['post:1', 'post:2', 'post:3'];
    expect(merkleRoot(d)).toBe('6e3fc72aae4e4df02a0820884c62e95417a8e79ccb9daddbc2ff1dedb1e96b43');
    expect(merkleRoot(d.slice(0, 2))).toBe('a4130ef206b82fc81a6c671173ac9f2ce6da557b5a7374af790eb92fb198a45a');
  });
});
