import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ConsentgateError } from '../../domain/issues.js';
import { loadPolicy } from '../../policy/load-policy.js';
import { auditHtmlDocument } from '../../report/audit-html.js';
import { buildAuditReport, collectAuditFacts, defaultPeriod } from '../../report/audit-report.js';
import { openStore } from '../../storage/open-store.js';
import { timeOption } from '../options.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('the audit report: notices, opt-outs and objections by region over time, exclusions and redactions per build, the ledger verification, the policy versions')
    .option('--db <path|url>', 'the store')
    .option('--policy <file>', 'the policy in force (default: the bundled policies/genai-2025.yaml)')
    .option('--from <time>', 'start of the period (default: the earliest notice announcement or ledger entry)')
    .option('--to <time>', 'end of the period, a date meaning that whole day (default: now)')
    .option('--format <format>', 'html or json', 'html')
    .option('--out <file>', 'write to this file (default: stdout)')
    .option('--no-verify', 'skip the ledger verification (faster on a large ledger)')
    .action(async (opts: { db?: string; policy?: string; from?: string; to?: string; format: string; out?: string; verify: boolean }) => {
      if (opts.format !== 'html' && opts.format !== 'json') throw new ConsentgateError('bad-option', [{ field: '--format', message: '--format is html or json', received: opts.format }]);
      const policy = loadPolicy(opts.policy);
      const store = await openStore(opts.db);
      try {
        const now = Date.now();
        const facts = await collectAuditFacts(store, { verify: opts.verify });
        const period = defaultPeriod(policy, facts, now);
        if (opts.from !== undefined) period.from = timeOption(opts.from, '--from');
        // A date-only --to means the whole of that day.
        if (opts.to !== undefined) period.to = timeOption(opts.to, '--to') + (/^\d{4}-\d{2}-\d{2}$/.test(opts.to) ? 86_399_999 : 0);
        if (period.to < period.from) throw new ConsentgateError('bad-option', [{ field: '--to', message: '--to is before --from' }]);
        const report = buildAuditReport(facts, policy, period, now);
        const text = opts.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : auditHtmlDocument(report, 'consentgate');
        if (opts.out) writeFileSync(opts.out, text);
        else process.stdout.write(text);
        if (report.ledger.verification && !report.ledger.verification.ok) {
          process.stderr.write(`consentgate: the ledger does not verify: first bad seq: ${report.ledger.verification.firstBadSeq}\n`);
          process.exitCode = 1;
        }
      } finally {
        await store.close();
      }
    });
}
