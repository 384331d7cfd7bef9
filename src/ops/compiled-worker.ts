import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Whether a worker thread's module exists as JavaScript: under a TypeScript test runner the modules
 * are sources, and a worker cannot run one; callers then do the work on their own thread.
 */
export function compiledWorker(url: URL): boolean {
  return url.protocol === 'file:' && existsSync(fileURLToPath(url));
}
