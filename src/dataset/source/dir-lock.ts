/**
 * @module A lock file for the content cache, so that two builds (or processes) do not sync it at
 * once. `open(…, 'wx')` is atomic on local file systems; a lock left by a dead process is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { ConsentgateError } from '../../domain/issues.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function withDirLock<T>(path: string, fn: () => Promise<T>, timeoutMs = 10 * 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder = NaN;
      try {
        holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
      } catch {
        // Removed meanwhile, or half-written: try again.
      }
      if (Number.isInteger(holder) && holder !== process.pid && !alive(holder)) {
        rmSync(path, { force: true });
        continue;
      }
      if (Date.now() - started > timeoutMs) {
        throw new ConsentgateError('cache-locked', [{ file: path, message: `the content cache is locked by process ${holder}; another build is syncing it` }]);
      }
      await sleep(100);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(path, { force: true });
  }
}
