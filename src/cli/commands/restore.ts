import type { Command } from 'commander';
import { restoreStore } from '../../ops/backup.js';

/** `consentgate restore --from FILE`: into a new or empty store, verified before it counts. */
export function registerRestore(program: Command): void {
  program
    .command('restore')
    .description('restore a backup into a new or empty store; the ledger is verified first, and nothing is written if it fails')
    .option('--db <path|url>', 'the store to restore into (default $CONSENTGATE_DB, $DATABASE_URL or ./consentgate.db)')
    .requiredOption('--from <file>', 'a file written by `consentgate backup`')
    .action(async (opts: { db?: string; from: string }) => {
      const result = await restoreStore(opts.db, opts.from);
      process.stdout.write(`${JSON.stringify(result)}\n`);
    });
}
