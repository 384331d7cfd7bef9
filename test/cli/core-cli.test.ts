/**
 * The built `consentgate` command on generated data: generate → import → explain → verify, and a
 * tampered store that verify catches. Runs `bin/consentgate.js` (npm test builds first).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'consentgate.js');
// Asynchronous on purpose: a run of synchronous child processes would block the test worker's event
// loop for longer than vitest's RPC timeout on a busy machine.
const run = (...args: string[]) =>
  new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });

let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cg-cli-'));
  db = join(dir, 'store.db');
  const gen = await run('generate', '--members', '300', '--out', join(dir, 'd'), '--seed', '7');
  expect(gen.status, gen.stderr).toBe(0);
  const files = ['members', 'groups', 'content', 'consent', 'notices', 'objections'].flatMap((k) => [`--${k}`, join(dir, 'd', `${k}.jsonl`)]);
  const imp = await run('import', '--db', db, ...files);
  expect(imp.status, imp.stderr).toBe(0);
  expect(JSON.parse(imp.stdout).imported.content).toBeGreaterThan(2000);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('consentgate on generated data', () => {
  it('explain prints one decision with its reasons', async () => {
    const ids = new Database(db, { readonly: true }).prepare("SELECT id FROM content_rows WHERE created_at <= strftime('%s','2025-11-10') * 1000 LIMIT 15").pluck().all() as string[];
    const seen = new Set<string>();
    for (const id of ids) {
      const r = await run('explain', '--db', db, '--item', id, '--as-of', '2025-11-10');
      expect(r.status, r.stderr).toBe(0);
      const d = JSON.parse(r.stdout) as { id: string; asOf: string; included: boolean; reason: string | null; reasons: string[]; decidedBy: { seq: number }[] };
      expect(Object.keys(d)).toEqual(['id', 'asOf', 'included', 'reason', 'reasons', 'decidedBy']);
      expect(d.id).toBe(id);
      expect(d.reason).toBe(d.reasons[0] ?? null);
      for (const e of d.decidedBy) expect(e.seq).toBeGreaterThan(0);
      seen.add(d.included ? 'included' : d.reason!);
    }
    expect(seen.size).toBeGreaterThan(2);
  });

  it('explain of an item not yet created, or unknown, is one clear error', async () => {
    const early = await run('explain', '--db', db, '--item', 'c-000000001', '--as-of', '2000-01-01');
    expect(early.status).toBe(1);
    expect(early.stderr).toMatch(/not yet created/);
    const unknown = await run('explain', '--db', db, '--item', 'nope', '--as-of', '2025-11-10');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('verify prints the head; a tampered event is named by seq', async () => {
    const ok = await run('verify', '--db', db);
    expect(ok.status, ok.stderr).toBe(0);
    const head = JSON.parse(ok.stdout) as { seq: number; hash: string };
    expect(head.seq).toBeGreaterThan(100);
    const copy = join(dir, 'tampered.db');
    execFileSync('cp', [db, copy]);
    const raw = new Database(copy);
    raw.exec('DROP TRIGGER ledger_no_update');
    raw.prepare("UPDATE ledger SET choice = CASE choice WHEN 'deny' THEN 'allow' ELSE 'deny' END WHERE seq = (SELECT MIN(seq) FROM ledger WHERE kind = 'consent' AND seq > 40)").run();
    const bad = raw.prepare("SELECT MIN(seq) FROM ledger WHERE kind = 'consent' AND seq > 40").pluck().get() as number;
    raw.close();
    const r = await run('verify', '--db', copy);
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(`first bad seq: ${bad}`);
  });

  it('a second import of the same files adds nothing', async () => {
    const files = ['members', 'groups', 'content', 'consent', 'notices', 'objections'].flatMap((k) => [`--${k}`, join(dir, 'd', `${k}.jsonl`)]);
    const before = JSON.parse((await run('verify', '--db', db)).stdout) as { seq: number };
    const again = await run('import', '--db', db, ...files);
    expect(again.status, again.stderr).toBe(0);
    const out = JSON.parse(again.stdout) as { imported: Record<string, number>; ledger: { seq: number } };
    expect(out.ledger.seq).toBe(before.seq);
    expect(out.imported.content).toBe(0);
  });

  it('--help for each command', async () => {
    for (const cmd of ['generate', 'import', 'explain', 'verify', 'erase']) {
      const r = await run(cmd, '--help');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/Usage: consentgate/);
    }
  });
});
