import type { Command } from 'commander';
import { isPostgresUrl, storeLocation } from '../../storage/open-store.js';
import { pendingMigrations } from '../../storage/postgres/postgres-migrations.js';
import { parseUrl, PostgresStore } from '../../storage/postgres/postgres-store.js';
import { SqliteStore } from '../../storage/sqlite/sqlite-store.js';
import { SQLITE_MIGRATIONS } from '../../storage/sqlite/sqlite-migrations.js';
import { ConsentgateError } from '../../domain/issues.js';
import pg from 'pg';

/**
 * `consentgate migrate`: applies pending schema migrations ahead of time (every command also applies
 * them when it opens the store). Safe to run from several processes at once: PostgreSQL migrations
 * run under an advisory lock, SQLite ones under the database's write lock.
 */
export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending schema migrations now (every command also applies them itself); --status lists them without applying')
    .option('--db <path|url>', 'the store (default $CONSENTGATE_DB, $DATABASE_URL or ./consentgate.db)')
    .option('--status', 'only list pending migrations')
    .action(async (opts: { db?: string; status?: boolean }) => {
      const location = storeLocation(opts.db);
      if (isPostgresUrl(location)) {
        if (opts.status) {
          const { connectionString, location: shown } = parseUrl(location);
          const client = new pg.Client({ connectionString });
          try {
            await client.connect();
          } catch (cause) {
            throw new ConsentgateError('store-unreadable', [{ file: shown, message: `cannot connect to PostgreSQL: ${(cause as Error).message}` }], { cause });
          }
          try {
            const pending = await pendingMigrations(client);
            process.stdout.write(`${JSON.stringify({ backend: 'postgres', location: shown, pending: pending.map((m) => ({ version: m.version, name: m.name })) })}\n`);
          } finally {
            await client.end();
          }
          return;
        }
        const store = await PostgresStore.open(location);
        try {
          process.stdout.write(`${JSON.stringify({ backend: 'postgres', location: store.location, applied: store.migrations?.applied ?? [], version: store.migrations?.version })}\n`);
        } finally {
          await store.close();
        }
        return;
      }
      const before = appliedSqlite(location);
      if (opts.status) {
        process.stdout.write(`${JSON.stringify({ backend: 'sqlite', location, pending: SQLITE_MIGRATIONS.filter((m) => !before.has(m.version)).map((m) => ({ version: m.version, name: m.name })) })}\n`);
        return;
      }
      let store: SqliteStore;
      try {
        store = SqliteStore.open(location);
      } catch (cause) {
        throw new ConsentgateError('store-unreadable', [{ file: location, message: `cannot open the store: ${(cause as Error).message}` }], { cause });
      }
      await store.close();
      const applied = SQLITE_MIGRATIONS.filter((m) => !before.has(m.version)).map((m) => ({ version: m.version, name: m.name }));
      process.stdout.write(`${JSON.stringify({ backend: 'sqlite', location, applied, version: Math.max(...SQLITE_MIGRATIONS.map((m) => m.version)) })}\n`);
    });
}

function appliedSqlite(path: string): Set<number> {
  try {
    const store = SqliteStore.open(path, { readonly: true });
    try {
      return new Set((store.db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
    } finally {
      void store.close();
    }
  } catch {
    return new Set();
  }
}
