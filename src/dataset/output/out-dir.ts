/**
 * @module The output folder, all or nothing: a build writes into a temporary sibling of `--out`
 * (same file system, so the final step is a rename) and only a finished build is renamed into
 * place. A failure, Ctrl-C or SIGTERM removes the temporary folder; a hard kill leaves it as a
 * hidden `.NAME.building-*` sibling, never a half dataset under the name asked for.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ConsentgateError } from '../../domain/issues.js';

const active = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function cleanupAll(): void {
  for (const dir of active) rmSync(dir, { recursive: true, force: true });
  active.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  cleanupAll();
  detach();
  // Our handler replaced the default one; with no other listener, die of the signal as we would have.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

let attached = false;
function attach(): void {
  if (attached) return;
  attached = true;
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on('exit', cleanupAll);
}
function detach(): void {
  if (!attached) return;
  attached = false;
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  process.removeListener('exit', cleanupAll);
}

export class OutDir {
  private constructor(readonly out: string, readonly tmp: string) {}

  /** Checks `out` (refused when it holds anything, unless `force`) and creates the temporary folder. */
  static prepare(outPath: string, force: boolean): OutDir {
    const out = resolve(outPath);
    if (existsSync(out)) {
      if (!statSync(out).isDirectory()) throw new ConsentgateError('out-not-dir', [{ field: '--out', message: `${out} exists and is not a folder`, received: out }]);
      if (readdirSync(out).length > 0 && !force) {
        throw new ConsentgateError('out-not-empty', [{ field: '--out', message: `${out} is not empty; choose another folder or pass --force to replace it`, received: out }]);
      }
    }
    mkdirSync(dirname(out), { recursive: true });
    const tmp = join(dirname(out), `.${basename(out)}.building-${process.pid}-${randomBytes(4).toString('hex')}`);
    mkdirSync(tmp);
    active.add(tmp);
    attach();
    return new OutDir(out, tmp);
  }

  path(name: string): string {
    return join(this.tmp, name);
  }

  /** Moves the finished build into place (replacing what `force` allowed to replace). */
  commit(): void {
    let old: string | undefined;
    if (existsSync(this.out)) {
      old = join(dirname(this.out), `.${basename(this.out)}.replaced-${process.pid}-${randomBytes(4).toString('hex')}`);
      renameSync(this.out, old);
    }
    try {
      renameSync(this.tmp, this.out);
    } catch (e) {
      if (old !== undefined) renameSync(old, this.out);
      throw e;
    }
    this.#release();
    if (old !== undefined) rmSync(old, { recursive: true, force: true });
  }

  abort(): void {
    rmSync(this.tmp, { recursive: true, force: true });
    this.#release();
  }

  #release(): void {
    active.delete(this.tmp);
    if (active.size === 0) detach();
  }
}
