/**
 * Child processes for integration tests: the CLI and fixtures, run with plain `node` from the
 * compiled copy of `src/` that test/global-setup.ts makes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function buildDir(): string {
  const dir = inject('cgBuildDir');
  if (!dir) throw new Error('no compiled sources: test/global-setup.ts did not run');
  return dir;
}

export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `consentgate …args` to completion. */
export function runCli(args: string[], options: { env?: Record<string, string | undefined>; input?: string; cwd?: string } = {}): Promise<Ran> {
  return runNode([join(buildDir(), 'cli', 'run.js'), ...args], options);
}

export function runNode(args: string[], options: { env?: Record<string, string | undefined>; input?: string; cwd?: string } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: options.cwd ?? ROOT, env: childEnv(options.env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** The environment of a child: ours without the store variables, so `--db` alone decides. */
export function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CONSENTGATE_LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.CONSENTGATE_DB;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Starts a long-running child and resolves once a line of its stdout matches `ready`. */
export function startChild(args: string[], ready: RegExp, options: { env?: Record<string, string | undefined>; timeoutMs?: number } = {}): Promise<{ child: ChildProcess; match: RegExpMatchArray; output: () => string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: childEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not become ready in time: ${args.join(' ')}\n${out}\n${err}`));
    }, options.timeoutMs ?? 30_000);
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = out.match(ready);
      if (m) {
        clearTimeout(timer);
        resolve({ child, match: m, output: () => `${out}\n${err}`, exited });
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`child exited (${code ?? signal}) before it was ready: ${args.join(' ')}\n${out}\n${err}`));
    });
  });
}
