/**
 * The built CLI as an operator runs it (child processes of the compiled sources, the worker threads
 * of the ledger check and the text transforms included): generate → import → build Parquet and JSON
 * Lines → prove → verify-proof, and one clear error line for bad input.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import '../../test-support/postgres-db.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

interface Ran { code: number | null; stdout: string; stderr: string }
function cli(args: string[]): Promise<Ran> {
  const dir = inject('cgBuildDir');
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env['DATABASE_URL'];
    delete env['CONSENTGATE_DB'];
    const child = spawn(process.execPath, [join(dir, 'cli', 'run.js'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('consentgate build, prove, verify-proof (built CLI)', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cg-cli-build-'));
    db = join(dir, 'store.db');
    const gen = await cli(['generate', '--out', join(dir, 'p'), '--members', '30', '--items', '300', '--seed', '3']);
    expect(gen.code, gen.stderr).toBe(0);
    const files = ['members', 'groups', 'content', 'consent', 'notices', 'objections'].flatMap((k) => [`--${k}`, join(dir, 'p', `${k}.jsonl`)]);
    const imp = await cli(['import', '--db', db, ...files]);
    expect(imp.code, imp.stderr).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds Parquet and JSON Lines with the same ids and root, and proves an item in and one out', async () => {
    const p = await cli(['build', '--db', db, '--as-of', '2026-01-01', '--out', join(dir, 'pq'), '--format', 'parquet']);
    expect(p.code, p.stderr).toBe(0);
    const summary = JSON.parse(p.stdout) as { datasetId: string; merkleRoot: string; counts: { considered: number; included: number } };
    expect(summary.counts.included).toBeGreaterThan(0);
    const j = await cli(['build', '--db', db, '--as-of', '2026-01-01', '--out', join(dir, 'js'), '--format', 'jsonl']);
    expect(j.code, j.stderr).toBe(0);
    expect((JSON.parse(j.stdout) as { merkleRoot: string }).merkleRoot).toBe(summary.merkleRoot);
    expect(readFileSync(join(dir, 'pq', 'ids.txt'), 'utf8')).toBe(readFileSync(join(dir, 'js', 'ids.txt'), 'utf8'));

    const ids = readFileSync(join(dir, 'pq', 'ids.txt'), 'utf8').trimEnd().split('\n');
    const inc = await cli(['prove', '--dataset', join(dir, 'pq'), '--item', ids[1]!]);
    expect(inc.code, inc.stderr).toBe(0);
    writeFileSync(join(dir, 'inc.json'), inc.stdout);
    const ok = await cli(['verify-proof', '--proof', join(dir, 'inc.json'), '--dataset', join(dir, 'pq')]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, kind: 'inclusion', included: true });

    const exc = await cli(['prove', '--dataset', join(dir, 'js'), '--item', 'no-such-item']);
    expect(exc.code, exc.stderr).toBe(0);
    writeFileSync(join(dir, 'exc.json'), exc.stdout);
    const ok2 = await cli(['verify-proof', '--proof', join(dir, 'exc.json'), '--root', summary.merkleRoot]);
    expect(ok2.code, ok2.stderr).toBe(0);
    expect(JSON.parse(ok2.stdout)).toMatchObject({ ok: true, kind: 'exclusion', included: false });
    const bad = await cli(['verify-proof', '--proof', join(dir, 'exc.json'), '--root', '0'.repeat(64)]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/the proof does not hold/);
  });

  it('keeps the content cache in the folder --content-cache names, with the same result', async () => {
    const a = await cli(['build', '--db', db, '--as-of', '2026-01-01', '--out', join(dir, 'cc-a'), '--format', 'parquet']);
    expect(a.code, a.stderr).toBe(0);
    const b = await cli(['build', '--db', db, '--as-of', '2026-01-01', '--out', join(dir, 'cc-b'), '--format', 'parquet', '--content-cache', join(dir, 'named-cache')]);
    expect(b.code, b.stderr).toBe(0);
    const rows = (folder: string) => (JSON.parse(readFileSync(join(folder, 'cache.json'), 'utf8')) as { rows: number }).rows;
    expect(rows(join(dir, 'named-cache'))).toBeGreaterThan(0);
    expect(rows(join(dir, 'named-cache'))).toBe(rows(`${db}.content`));
    expect(readdirSync(join(dir, 'named-cache')).some((f) => f.startsWith('segment-'))).toBe(true);
    expect((JSON.parse(b.stdout) as { merkleRoot: string }).merkleRoot).toBe((JSON.parse(a.stdout) as { merkleRoot: string }).merkleRoot);
    expect(readFileSync(join(dir, 'cc-b', 'data.parquet')).equals(readFileSync(join(dir, 'cc-a', 'data.parquet')))).toBe(true);
  });

  it('prints the compiled SQL with --explain-sql, without personal data', async () => {
    const r = await cli(['build', '--db', db, '--as-of', '2026-01-01', '--explain-sql']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('CREATE OR REPLACE TABLE cg_item_decision AS');
    expect(r.stdout).toContain('COPY (');
    const objections = readFileSync(join(dir, 'p', 'objections.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { emails?: string[] });
    for (const e of objections.flatMap((o) => o.emails ?? [])) expect(r.stdout).not.toContain(e);
  });

  it('Ctrl-C leaves no dataset and no temporary folder', async () => {
    // A lake big enough that the build is still reading it when the signal comes.
    const lake = join(dir, 'big.jsonl');
    const line = `${JSON.stringify({ id: 'x', memberId: 'm-00000001', kind: 'post', visibility: 'public', createdAt: '2025-01-01T00:00:00Z', text: 'lorem ipsum '.repeat(40) })}\n`;
    writeFileSync(lake, Array.from({ length: 150_000 }, (_, i) => line.replace('"x"', `"x${i}"`)).join(''));
    const dir2 = inject('cgBuildDir');
    const child = spawn(process.execPath, [join(dir2, 'cli', 'run.js'), 'build', '--db', db, '--as-of', '2026-01-01', '--out', join(dir, 'stopped'), '--content', lake], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    const building = () => readdirSync(dir).some((f) => f.startsWith('.stopped.building-'));
    for (let i = 0; i < 3000 && !building(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(building()).toBe(true);
    child.kill('SIGINT');
    const r = await exited;
    expect(r.signal ?? r.code).toBe('SIGINT');
    expect(existsSync(join(dir, 'stopped'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.building-'))).toEqual([]);
  });

  it.each([
    [['--as-of', 'yesterday', '--out', 'x'], /--as-of is not a time/],
    [['--as-of', '2026-01-01', '--out', 'x', '--format', 'csv'], /the format is jsonl or parquet/],
    [['--as-of', '2999-01-01', '--out', 'x'], /later than now.*--allow-future/],
    [['--as-of', '2026-01-01'], /name the output folder with --out/],
    [['--as-of', '2026-01-01', '--out', 'x', '--ledger-min-seq', '999999'], /below the required 999999/],
  ])('refuses bad input with one line: %j', async (args, message) => {
    const r = await cli(['build', '--db', db, ...args.map((a) => (a === 'x' ? join(dir, 'refused') : a))]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(dir, 'refused'))).toBe(false);
  });
});
