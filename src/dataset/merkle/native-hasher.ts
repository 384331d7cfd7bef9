import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { MerkleHasher } from './hasher.js';

/** The addon's exports (native/merkle/src/merkle_sha256.c). */
interface NativeAddon {
  hashLeaves(data: Uint8Array, offsets: Uint32Array, count: number, out: Uint8Array): number;
  hashNodes(nodes: Uint8Array, pairs: number, out: Uint8Array): void;
  sha256(data: Uint8Array): Uint8Array;
}

/** Same depth from src/dataset/merkle and dist/dataset/merkle: the package root is three levels up. */
export const NATIVE_ADDON_PATH = fileURLToPath(
  new URL('../../../native/merkle/build/Release/consentgate_merkle.node', import.meta.url),
);

let cached: MerkleHasher | null | undefined;
let loadError: string | undefined;

/** The native backend, or null when the addon was not built or does not load (then use the JS one). */
export function loadNativeHasher(): MerkleHasher | null {
  if (cached !== undefined) return cached;
  cached = null;
  if (!existsSync(NATIVE_ADDON_PATH)) {
    loadError = `not built: ${NATIVE_ADDON_PATH}`;
    return null;
  }
  try {
    const addon = createRequire(import.meta.url)(NATIVE_ADDON_PATH) as NativeAddon;
    cached = {
      name: 'native',
      hashLeaves: (data, offsets, count, out) => addon.hashLeaves(data, offsets, count, out),
      hashNodes: (nodes, pairs, out) => addon.hashNodes(nodes, pairs, out),
      sha256: (data) => new Uint8Array(addon.sha256(data)),
    };
  } catch (err) {
    loadError = err instanceof Error ? err.message : String(err);
  }
  return cached;
}

/** Why the native backend is unavailable, for diagnostics (`undefined` when it loaded). */
export function nativeLoadError(): string | undefined {
  loadNativeHasher();
  return loadError;
}
