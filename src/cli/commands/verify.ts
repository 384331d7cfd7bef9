import type { Command } from 'commander';
import { verifyLedger } from '../../ledger/verify-ledger.js';
import { openStore } from '../../storage/open-store.js';

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description("recompute the ledger's hash chain and check personal data against its commitments; prints the head, or the first bad seq and exits 1")
    .option('--db <path|url>', 'the store')
    .action(async (opts: { db?: string }) => {
      const store = await openStore(opts.db);
      try {
        const result = await verifyLedger(store);
        if (result.ok) {
          process.stdout.write(`${JSON.stringify({ seq: result.head.seq, hash: result.head.hash, entries: result.entries, verified: true })}\n`);
        } else {
          process.stderr.write(`first bad seq: ${result.firstBadSeq}\n${result.why}\n`);
          process.exitCode = 1;
        }
      } finally {
        await store.close();
      }
    });
}
