import { bytesToHex } from './hex.js';
import type { MerkleHasher } from './hasher.js';
import { createJsHasher } from './js-hasher.js';
import { loadNativeHasher } from './native-hasher.js';
import { createNodeCryptoHasher } from './node-crypto-hasher.js';

export type HasherName = 'native' | 'js' | 'node-crypto';

let chosen: MerkleHasher | undefined;

/** SHA-256(0x00 || "a"), computed independently, to reject a backend that loads but hashes wrongly. */
const SELF_TEST = '022a6979e6dab7aa5ae4c3e5e45f7e977112a7e63593820dbec1ec738a24f93c';

function selfTest(h: MerkleHasher): boolean {
  const out = new Uint8Array(32);
  h.hashLeaves(new Uint8Array([0x61]), new Uint32Array([0, 1]), 1, out);
  return bytesToHex(out) === SELF_TEST;
}

/** A backend by name; `native` throws when the addon is unavailable. */
export function getHasher(name: HasherName): MerkleHasher {
  switch (name) {
    case 'js':
      return createJsHasher();
    case 'node-crypto':
      return createNodeCryptoHasher();
    case 'native': {
      const h = loadNativeHasher();
      if (h === null) throw new Error('the native Merkle addon is not built (run: node native/build.js)');
      return h;
    }
  }
}

/**
 * The fastest working backend: native when the addon loads and passes a self-test, else pure JS.
 * `CONSENTGATE_MERKLE_BACKEND=js|native|node-crypto` forces one (for tests and benchmarks).
 */
export function defaultHasher(): MerkleHasher {
  if (chosen) return chosen;
  const forced = process.env['CONSENTGATE_MERKLE_BACKEND'];
  if (forced === 'js' || forced === 'native' || forced === 'node-crypto') {
    chosen = getHasher(forced);
    return chosen;
  }
  const native = loadNativeHasher();
  chosen = native !== null && selfTest(native) ? native : createJsHasher();
  return chosen;
}
