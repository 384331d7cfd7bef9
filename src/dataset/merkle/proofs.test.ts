import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getHasher } from './backend.js';
import { merkleRoot } from './builder.js';
import { exclusionProof, explainExclusion, membershipProof, verifyExclusion } from './exclusion.js';
import { inclusionProof } from './inclusion.js';
import { loadNativeHasher } from './native-hasher.js';
import type { ExclusionProof, InclusionProof } from './proof-types.js';
import { referenceMth, referencePath } from './rfc6962-reference.js';
import { EMPTY_ROOT, verifyInclusion } from './verify.js';

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `id:${String(i * 2).padStart(4, '0')}`);
const hasNative = loadNativeHasher() !== null;
// CI runs the install step that builds the addon, so there a missing addon is a failure, not a skip.
const requireNative = process.env.CI === 'true' || process.env.CONSENTGATE_REQUIRE_NATIVE === '1';

/** Sorted, unique ids by UTF-8 bytes, from the spec's alphabet. */
const idArb = fc.stringMatching(/^[A-Za-z0-9._:-]{1,12}$/);
const sortedIds = fc
  .uniqueArray(idArb, { maxLength: 70 })
  .map((a) => a.sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));

function flipHexChar(h: string, pos: number): string {
  const c = h[pos] === '0' ? '1' : '0';
  return h.slice(0, pos) + c + h.slice(pos + 1);
}

describe('inclusion proofs', () => {
  for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17]) {
    it(`match RFC 6962 PATH for every leaf of ${n}`, () => {
      const d = ids(n);
      const root = referenceMth(d).toString('hex');
      for (let m = 0; m < n; m++) {
        for (const batchLeaves of [1, 2, 4, 1 << 16]) {
          const p = inclusionProof(d, m, { batchLeaves });
          expect(p.path).toEqual(referencePath(m, d).map((b) => b.toString('hex')));
          expect(p.treeSize).toBe(n);
          expect(p.id).toBe(d[m]);
        }
        const p = inclusionProof(d, m);
        expect(verifyInclusion(root, d[m]!, m, n, p.path)).toBe(true);
      }
    });
  }

  it('the tree size is not bound by the path alone (so checkers take it from the manifest)', () => {
    // RFC 6962 paths record turns, not positions: leaf 2 of 3 and leaf 1 of 2 take the same turns.
    const d = ['a', 'b', 'c'];
    const p = inclusionProof(d, 2);
    expect(verifyInclusion(merkleRoot(d), 'c', 1, 2, p.path)).toBe(true);
  });

  it('out of range index throws', () => {
    expect(() => inclusionProof(ids(3), 3)).toThrow(RangeError);
    expect(() => inclusionProof([], 0)).toThrow(RangeError);
  });

  it('property: verifies, and fails for any other id, index, size, root or a changed byte', () => {
    fc.assert(
      fc.property(sortedIds.filter((a) => a.length > 0), fc.nat(), fc.nat(), (d, a, b) => {
        const n = d.length;
        const m = a % n;
        const root = merkleRoot(d);
        const p = inclusionProof(d, m, { batchLeaves: 4 });
        expect(verifyInclusion(root, d[m]!, m, n, p.path)).toBe(true);
        const other = b % n;
        if (other !== m) {
          expect(verifyInclusion(root, d[other]!, m, n, p.path)).toBe(false);
          expect(verifyInclusion(root, d[m]!, other, n, p.path)).toBe(false);
        }
        expect(verifyInclusion(root, `${d[m]!}x`, m, n, p.path)).toBe(false);
        expect(verifyInclusion(flipHexChar(root, b % 64), d[m]!, m, n, p.path)).toBe(false);
        if (p.path.length > 0) {
          const k = b % p.path.length;
          const bad = p.path.map((h, i) => (i === k ? flipHexChar(h, a % 64) : h));
          expect(verifyInclusion(root, d[m]!, m, n, bad)).toBe(false);
          expect(verifyInclusion(root, d[m]!, m, n, p.path.slice(0, -1))).toBe(false);
        }
        expect(verifyInclusion(root, d[m]!, m, n, [...p.path, root])).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('malformed input is false, not an exception', () => {
    const d = ids(5);
    const root = merkleRoot(d);
    const p = inclusionProof(d, 2);
    expect(verifyInclusion(root.toUpperCase(), d[2]!, 2, 5, p.path)).toBe(false);
    expect(verifyInclusion(root, d[2]!, -1, 5, p.path)).toBe(false);
    expect(verifyInclusion(root, d[2]!, 2.5, 5, p.path)).toBe(false);
    expect(verifyInclusion(root, d[2]!, 2, 5, ['zz'])).toBe(false);
  });
});

describe('exclusion proofs', () => {
  it('empty tree: no neighbours, root is SHA-256 of nothing', () => {
    const p = exclusionProof([], 'a');
    expect(p).toEqual({ id: 'a', treeSize: 0, left: null, right: null });
    expect(verifyExclusion(EMPTY_ROOT, p)).toBe(true);
    expect(verifyExclusion(merkleRoot(['a']), p)).toBe(false);
  });

  it('before the first, between two, after the last', () => {
    const d = ['b', 'd', 'f'];
    const root = merkleRoot(d);
    const first = exclusionProof(d, 'a');
    expect(first.left).toBeNull();
    expect(first.right?.id).toBe('b');
    const mid = exclusionProof(d, 'c');
    expect([mid.left?.index, mid.right?.index]).toEqual([0, 1]);
    const last = exclusionProof(d, 'g');
    expect(last.right).toBeNull();
    expect(last.left?.index).toBe(2);
    for (const p of [first, mid, last]) expect(explainExclusion(root, p)).toBeNull();
  });

  it('cannot be produced for a present id', () => {
    expect(() => exclusionProof(['a', 'b'], 'b')).toThrow(/cannot be excluded/);
    expect(membershipProof(['a', 'b'], 'b').kind).toBe('inclusion');
  });

  it('rejects non-adjacent neighbours and neighbours on the wrong side', () => {
    const d = ['b', 'd', 'f', 'h'];
    const root = merkleRoot(d);
    const p = exclusionProof(d, 'e'); // d(1) and f(2)
    const skip: ExclusionProof = { ...p, right: inclusionProof(d, 3) };
    expect(explainExclusion(root, skip)).toMatch(/sort above|adjacent/);
    // Claiming 'e' absent between b and d (both genuine leaves) must fail on order.
    const wrong: ExclusionProof = { ...p, left: inclusionProof(d, 0), right: inclusionProof(d, 1) };
    expect(verifyExclusion(root, wrong)).toBe(false);
    // Hiding a present id: 'd' between b and f is not adjacent (indices 0 and 2).
    const hide: ExclusionProof = { id: 'd', treeSize: 4, left: inclusionProof(d, 0), right: inclusionProof(d, 2) };
    expect(explainExclusion(root, hide)).toBe('neighbours are not adjacent leaves');
    // Only a right neighbour that is not the first leaf.
    expect(explainExclusion(root, { id: 'c', treeSize: 4, left: null, right: inclusionProof(d, 1) })).toBe(
      'right neighbour is not the first leaf',
    );
    expect(explainExclusion(root, { id: 'g', treeSize: 4, left: inclusionProof(d, 2), right: null })).toBe(
      'left neighbour is not the last leaf',
    );
  });

  it('property: absent ids get proofs that verify; present ids get inclusion; tampering fails', () => {
    fc.assert(
      fc.property(sortedIds, idArb, fc.nat(), (d, x, r) => {
        const root = merkleRoot(d);
        const m = membershipProof(d, x, { batchLeaves: 2 });
        if (d.includes(x)) {
          expect(m.kind).toBe('inclusion');
          expect(() => exclusionProof(d, x)).toThrow();
          const p = m.proof as InclusionProof;
          expect(verifyInclusion(root, x, p.index, d.length, p.path)).toBe(true);
          return;
        }
        expect(m.kind).toBe('exclusion');
        const p = m.proof as ExclusionProof;
        expect(explainExclusion(root, p)).toBeNull();
        expect(verifyExclusion(flipHexChar(root, r % 64), p)).toBe(false);
        // Every present id fails with this proof (it does not lie between the neighbours).
        for (const y of d) expect(verifyExclusion(root, { ...p, id: y })).toBe(false);
        const side = p.left ?? p.right;
        if (side && side.path.length > 0) {
          const k = r % side.path.length;
          const tampered = { ...side, path: side.path.map((h, i) => (i === k ? flipHexChar(h, r % 64) : h)) };
          const bad: ExclusionProof = p.left ? { ...p, left: tampered } : { ...p, right: tampered };
          expect(verifyExclusion(root, bad)).toBe(false);
        }
        if (p.treeSize > 0) expect(verifyExclusion(root, { ...p, treeSize: p.treeSize + 1 })).toBe(false);
      }),
      { numRuns: 400 },
    );
  });
});

describe('backends agree', () => {
  it.skipIf(!hasNative && !requireNative)('property: native, js and node-crypto give identical roots and proofs', () => {
    const native = getHasher('native');
    const js = getHasher('js');
    const nc = getHasher('node-crypto');
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: 'binary', minLength: 1, maxLength: 150 }), { maxLength: 60 }),
        fc.nat(),
        (raw, a) => {
          const d = raw.sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
          const uniq = d.filter((x, i) => i === 0 || Buffer.compare(Buffer.from(d[i - 1]!), Buffer.from(x)) !== 0);
          const want = referenceMth(uniq).toString('hex');
          for (const hasher of [native, js, nc]) {
            expect(merkleRoot(uniq, { hasher, batchLeaves: 8 })).toBe(want);
            if (uniq.length > 0) {
              const m = a % uniq.length;
              expect(inclusionProof(uniq, m, { hasher, batchLeaves: 4 }).path).toEqual(
                referencePath(m, uniq).map((b) => b.toString('hex')),
              );
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it.skipIf(!hasNative && !requireNative)('native and js agree on 200 000 leaves with long ids', () => {
    const d = Array.from({ length: 200_000 }, (_, i) => `content:${String(i).padStart(9, '0')}:${'x'.repeat(i % 130)}`);
    expect(merkleRoot(d, { hasher: getHasher('native') })).toBe(merkleRoot(d, { hasher: getHasher('js') }));
  });
});

describe('exclusion soundness without a trusted tree size', () => {
  it('no genuine paths, re-labelled with any index and size, hide a present id (trees up to 10 leaves)', () => {
    for (let n = 1; n <= 10; n++) {
      const d = ids(n);
      const root = merkleRoot(d);
      const paths = d.map((_, i) => inclusionProof(d, i).path);
      const claim = (i: number, index: number, size: number): InclusionProof => ({
        id: d[i]!, index, treeSize: size, leafHash: '', path: paths[i]!,
      });
      for (let c = 0; c < n; c++) {
        const x = d[c]!;
        for (let size = 1; size <= 2 * n + 2; size++) {
          for (let a = 0; a < c; a++) {
            for (let ia = 0; ia < size; ia++) {
              const left = claim(a, ia, size);
              if (ia === size - 1) expect(verifyExclusion(root, { id: x, treeSize: size, left, right: null })).toBe(false);
              for (let b = c + 1; b < n && ia + 1 < size; b++) {
                const right = claim(b, ia + 1, size);
                expect(verifyExclusion(root, { id: x, treeSize: size, left, right })).toBe(false);
              }
            }
          }
          for (let b = c + 1; b < n; b++) {
            expect(verifyExclusion(root, { id: x, treeSize: size, left: null, right: claim(b, 0, size) })).toBe(false);
          }
        }
      }
    }
  });
});
