import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { ConsentgateError } from '../../domain/issues.js';
import { openStore } from '../../storage/open-store.js';
import { erasureImpact } from '../../ledger/erasure-impact.js';

export function registerErase(program: Command): void {
  program
    .command('erase')
    .description('erase the personal data of a subject (GDPR Art. 17): evidence, and an objection\'s identifiers; says first what stops working')
    .option('--db <path|url>', 'the store')
    .requiredOption('--subject <id>', 'a member id or an objection id')
    .option('--evidence-only', 'erase only the evidence of consent events, keep objection identifiers (their redaction goes on)')
    .option('--yes', 'do it without asking')
    .action(async (opts: { db?: string; subject: string; evidenceOnly?: boolean; yes?: boolean }) => {
      const store = await openStore(opts.db);
      try {
        const categories = opts.evidenceOnly ? (['evidence'] as const) : (['evidence', 'identifiers'] as const);
        const impact = await erasureImpact(store, opts.subject, categories);
        process.stderr.write(`${impact.lines.join('\n')}\n`);
        if (impact.rows === 0) {
          process.stdout.write(`${JSON.stringify({ subject: opts.subject, erased: [] })}\n`);
          return;
        }
        if (!opts.yes) {
          if (!process.stdin.isTTY) throw new ConsentgateError('not-confirmed', 'nothing erased: run again with --yes to confirm');
          const rl = createInterface({ input: process.stdin, output: process.stderr });
          const answer = await rl.question('Erase? [y/N] ');
          rl.close();
          if (!/^y(es)?$/i.test(answer.trim())) throw new ConsentgateError('not-confirmed', 'nothing erased');
        }
        const erased = await store.erasePersonalData(opts.subject, categories);
        process.stdout.write(`${JSON.stringify({ subject: opts.subject, erased })}\n`);
      } finally {
        await store.close();
      }
    });
}
