/**
 * `consentgate backup` and `restore` for both backends. Each keeps the chain verifiable: a backup
 * is verified as it is made, a restore is verified before it counts, and neither re-seals anything
 * (a re-sealed copy of a tampered ledger would look valid; a verbatim copy does not).
 *
 * - SQLite: the online backup API of SQLite (better-sqlite3 `db.backup`), page by page while
 *   writers go on; the result is a complete SQLite file. Restore copies it into place.
 * - PostgreSQL: a portable bundle of COPY text in one snapshot (postgres-backup.ts), gzip'd.
 *   Restore loads it into an empty database in one transaction.
 *
 * Files are written to a temporary name, flushed to disk and renamed: a crash leaves either the
 * old file or the whole new one.
 */
import { closeSync, createReadStream, createWriteStream, existsSync, fsyncSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { ConsentgateError } from '../domain/issues.js';
import type { LedgerHead } from '../ledger/entry.js';
import { verifyLedger } from '../ledger/verify-ledger.js';
import { isPostgresUrl, openStore, storeLocation } from '../storage/open-store.js';
import { restorePostgresBackup, writePostgresBackup } from '../storage/postgres/postgres-backup.js';
import type { PostgresStore } from '../storage/postgres/postgres-store.js';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import type { Store } from '../storage/store.js';

export interface BackupResult {
  backend: 'sqlite' | 'postgres';
  file: string;
  bytes: number;
  head: LedgerHead;
  entries: number;
  format: 'sqlite' | 'consentgate-backup+gzip';
}

export async function backupStore(store: Store, file: string): Promise<BackupResult> {
  const target = resolve(file);
  const tmp = `${target}.partial-${process.pid}`;
  try {
    let head: LedgerHead;
    let entries: number;
    if (store.backend === 'sqlite') {
      await (store as SqliteStore).db.backup(tmp);
      fsyncFile(tmp);
      // Verified from the copy itself: what is restored later is this file.
      const copy = SqliteStore.open(tmp, { readonly: true });
      try {
        const check = await verifyLedger(copy);
        if (!check.ok) throw new ConsentgateError('backup-unverified', `the store's ledger fails verification (first bad seq: ${check.firstBadSeq}); backup not written`);
        head = check.head;
        entries = check.entries;
      } finally {
        await copy.close();
        rmSync(`${tmp}-wal`, { force: true });
        rmSync(`${tmp}-shm`, { force: true });
      }
    } else {
      const check = await verifyLedger(store);
      if (!check.ok) throw new ConsentgateError('backup-unverified', `the store's ledger fails verification (first bad seq: ${check.firstBadSeq}); backup not written`);
      const gzip = createGzip({ level: 6 });
      const out = createWriteStream(tmp);
      const done = pipeline(gzip, out);
      const summary = await writePostgresBackup(store as PostgresStore, gzip);
      gzip.end();
      await done;
      fsyncFile(tmp);
      // Entries appended after the check and before the snapshot are in the backup, unchecked by
      // the pass above; the restore verifies the whole chain again before it commits.
      head = summary.head;
      entries = summary.rows.ledger ?? 0;
    }
    renameSync(tmp, target);
    fsyncDir(dirname(target));
    return { backend: store.backend, file: target, bytes: statSync(target).size, head, entries, format: store.backend === 'sqlite' ? 'sqlite' : 'consentgate-backup+gzip' };
  } catch (e) {
    rmSync(tmp, { force: true });
    rmSync(`${tmp}-wal`, { force: true });
    rmSync(`${tmp}-shm`, { force: true });
    throw e;
  }
}

export interface RestoreResult {
  backend: 'sqlite' | 'postgres';
  location: string;
  head: LedgerHead;
  entries: number;
}

/** What a backup file is, by its first bytes. */
export function backupKind(file: string): 'sqlite' | 'bundle' {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (cause) {
    throw new ConsentgateError('backup-unreadable', [{ file, message: `cannot read the backup: ${(cause as Error).message}` }], { cause });
  }
  const head = Buffer.alloc(16);
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') === 'SQLite format 3\u0000') return 'sqlite';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'bundle';
  throw new ConsentgateError('backup-invalid', [{ file, message: 'not a consentgate backup (neither a SQLite file nor a gzip bundle)' }]);
}

/** Restores `file` into the store `db` names, which must be new or empty. */
export async function restoreStore(db: string | undefined, file: string): Promise<RestoreResult> {
  const location = storeLocation(db);
  const kind = backupKind(file);
  if (isPostgresUrl(location)) {
    if (kind !== 'bundle') throw new ConsentgateError('backup-mismatch', [{ file, message: 'this is a SQLite backup; restore it with --db naming a SQLite file' }]);
    const store = (await openStore(location)) as PostgresStore;
    try {
      let summary: Awaited<ReturnType<typeof restorePostgresBackup>> | undefined;
      try {
        await pipeline(createReadStream(file), createGunzip(), async (source: AsyncIterable<Buffer>) => {
          summary = await restorePostgresBackup(store, source);
        });
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || code === 'ERR_STREAM_PREMATURE_CLOSE') {
          throw new ConsentgateError('backup-invalid', [{ file, message: `nothing restored: the backup is damaged or truncated (${(e as Error).message})` }], { cause: e });
        }
        throw e;
      }
      if (!summary) throw new ConsentgateError('backup-invalid', [{ file, message: 'nothing restored: the backup is empty' }]);
      return { backend: 'postgres', location: store.location, head: summary.head, entries: summary.entries };
    } finally {
      await store.close();
    }
  }
  if (kind !== 'sqlite') throw new ConsentgateError('backup-mismatch', [{ file, message: 'this is a PostgreSQL backup; restore it with --db postgres://…' }]);
  const target = resolve(location);
  if (existsSync(target)) {
    const existing = SqliteStore.open(target, { readonly: true });
    try {
      const c = await existing.counts();
      if (c.entries + c.members + c.groups + c.items > 0) throw new ConsentgateError('restore-not-empty', `the target store ${target} is not empty: restore into a new file`);
    } finally {
      await existing.close();
    }
  }
  let source: SqliteStore;
  try {
    source = SqliteStore.open(resolve(file), { readonly: true });
  } catch (cause) {
    throw damaged(file, cause);
  }
  let check;
  try {
    try {
      check = await verifyLedger(source);
    } catch (cause) {
      throw damaged(file, cause);
    }
    if (!check.ok) throw new ConsentgateError('restore-unverified', `nothing restored: the backup's ledger fails verification, first bad seq: ${check.firstBadSeq} (${check.why})`);
    const tmp = `${target}.partial-${process.pid}`;
    try {
      await source.db.backup(tmp);
      fsyncFile(tmp);
      for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
      renameSync(tmp, target);
      fsyncDir(dirname(target));
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
  } finally {
    await source.close();
  }
  // Opening applies any migration the backup predates.
  const restored = SqliteStore.open(target);
  try {
    return { backend: 'sqlite', location: target, head: await restored.head(), entries: check.entries };
  } finally {
    await restored.close();
  }
}

function damaged(file: string, cause: unknown): ConsentgateError {
  if (cause instanceof ConsentgateError) return cause;
  return new ConsentgateError('backup-invalid', [{ file, message: `nothing restored: the backup is damaged (${(cause as Error).message})` }], { cause });
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncDir(path: string): void {
  try {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems refuse fsync on a directory; the file itself is on disk.
  }
}
