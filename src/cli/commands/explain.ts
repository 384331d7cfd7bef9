import type { Command } from 'commander';
import { decide } from '../../decision/decide.js';
import { ConsentgateError } from '../../domain/issues.js';
import { loadPolicy } from '../../policy/load-policy.js';
import { loadDecisionFacts } from '../../storage/decision-facts.js';
import { openStore } from '../../storage/open-store.js';
import { timeOption } from '../options.js';

export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description('one decision as JSON: included or not, the primary reason, all reasons, and the ledger entries that decided')
    .option('--db <path|url>', 'the store')
    .option('--policy <file>', 'the policy (default: the bundled policies/genai-2025.yaml)')
    .requiredOption('--item <id>', 'the content item')
    .requiredOption('--as-of <time>', 'the moment of the decision (RFC 3339 or a date)')
    .action(async (opts: { db?: string; policy?: string; item: string; asOf: string }) => {
      const asOf = timeOption(opts.asOf, '--as-of');
      const policy = loadPolicy(opts.policy);
      const store = await openStore(opts.db);
      try {
        const facts = await loadDecisionFacts(store, opts.item);
        if (!facts) throw new ConsentgateError('unknown-item', [{ field: '--item', message: `no item ${opts.item} in the store`, received: opts.item }]);
        process.stdout.write(`${JSON.stringify(decide(facts, policy, asOf), null, 2)}\n`);
      } finally {
        await store.close();
      }
    });
}
