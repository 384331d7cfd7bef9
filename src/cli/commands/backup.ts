import type { Command } from 'commander';
import { backupStore } from '../../ops/backup.js';
import { openStore } from '../../storage/open-store.js';

/** `consentgate backup --out FILE`: a verified, consistent copy of the store (docs/operations.md). */
export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('write a consistent, verified backup of the store to FILE (SQLite: a database file; PostgreSQL: a gzip bundle)')
    .option('--db <path|url>', 'the store (default $CONSENTGATE_DB, $DATABASE_URL or ./consentgate.db)')
    .requiredOption('--out <file>', 'the backup file to write (replaced atomically)')
    .action(async (opts: { db?: string; out: string }) => {
      const store = await openStore(opts.db);
      try {
        const result = await backupStore(store, opts.out);
        process.stdout.write(`${JSON.stringify(result)}\n`);
      } finally {
        await store.close();
      }
    });
}
