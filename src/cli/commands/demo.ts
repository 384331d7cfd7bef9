/**
 * `consentgate demo`: the README's main command. On an empty store (default
 * `./consentgate-demo.db`, with its files in `./consentgate-demo/` beside it) it generates a
 * platform (~1,000 members), imports it, builds two datasets — before and after the 2025-11-03
 * start of the default policy — and serves the member portal (with a member picker), the objection
 * form, the operator console and the API docs. Run again, it reuses the store; `--fresh` starts over.
 */
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { buildDataset } from '../../dataset/build-dataset.js';
import { generatePlatform, FILES } from '../../generate/generate-platform.js';
import { importFiles, type ImportFiles } from '../../import/import-files.js';
import { loadPolicy } from '../../policy/load-policy.js';
import { isPostgresUrl } from '../../storage/open-store.js';
import { openStore } from '../../storage/open-store.js';
import { mustParseTime, formatTime } from '../../domain/time.js';
import { startWebServer, untilStopped } from '../../http/serve.js';
import { intOption, timeOption } from '../options.js';
import { progressBar } from '../progress.js';
import { announce, webOptions, type WebFlags } from './serve.js';

/** The two builds of the demo: before the EU/UK/CA/HK start date, and a week after it. */
export const DEMO_BUILDS = ['2025-10-01', '2025-11-10'] as const;
export const DEMO_DB = './consentgate-demo.db';

const say = (line: string): void => { process.stderr.write(`${line}\n`); };

export function registerDemo(program: Command): void {
  webOptions(program
    .command('demo')
    .description('the main job: a store with a generated platform and two datasets, and the web app (member portal, objection form, console, API docs)')
    .option('--db <path|url>', `the demo store (default ${DEMO_DB}; its files go in a folder beside it)`)
    .option('--members <n>', 'members to generate on a fresh store', '1000')
    .option('--seed <s>', 'the generator seed', 'consentgate-demo')
    .option('--fresh', 'delete the demo store and its files first'))
    .action(async (opts: WebFlags & { db?: string; members: string; seed: string; fresh?: boolean }) => {
      const port = intOption(opts.port, '--port', 0);
      const members = intOption(opts.members, '--members', 1);
      const policy = loadPolicy(opts.policy);
      const db = opts.db ?? DEMO_DB;
      const home = isPostgresUrl(db) ? resolve('consentgate-demo') : resolve(db.replace(/\.(db|sqlite3?)$/, '') + (/\.(db|sqlite3?)$/.test(db) ? '' : '-files'));
      if (opts.fresh) {
        if (!isPostgresUrl(db)) for (const f of [db, `${db}-wal`, `${db}-shm`, `${db}.content`, `${db}.content.wal`]) rmSync(f, { force: true, recursive: true });
        rmSync(home, { recursive: true, force: true });
      }
      const store = await openStore(db);
      try {
        const counts = await store.counts();
        if (counts.members === 0) {
          const platform = join(home, 'platform');
          say(`Generating a platform of ${members.toLocaleString('en-GB')} members into ${platform} ...`);
          const summary = await generatePlatform({ out: platform, members, seed: opts.seed, progress: true });
          say(`  ${summary.items.toLocaleString('en-GB')} items, ${summary.groups} groups, ledger lines: ${Object.entries(summary.files).filter(([f]) => /consent|notices|objections/.test(f)).map(([f, s]) => `${f} ${s.rows}`).join(', ')}`);
          const files: ImportFiles = {};
          for (const f of FILES) files[f.replace('.jsonl', '') as keyof ImportFiles] = join(platform, f);
          say('Importing ...');
          const bar = progressBar('import');
          const imported = await importFiles(store, files, { onProgress: (d, t) => bar.update(d, t) });
          bar.stop();
          say(`  ${JSON.stringify(imported)}`);
        } else {
          say(`Using the demo store ${db} (${counts.members.toLocaleString('en-GB')} members, ${counts.entries.toLocaleString('en-GB')} ledger entries); --fresh starts over.`);
        }
        if ((await store.datasets()).length === 0) {
          for (const day of DEMO_BUILDS) {
            const out = join(home, 'datasets', day);
            say(`Building the dataset as of ${day} into ${out} ...`);
            const result = await buildDataset({ store, policy, asOf: mustParseTime(day), out, format: 'jsonl', force: true });
            const c = result.manifest.counts as { considered: number; included: number } | undefined;
            say(`  ${result.datasetId}: ${c ? `${c.included.toLocaleString('en-GB')} of ${c.considered.toLocaleString('en-GB')} items included` : 'done'}`);
          }
        }
        const now = opts.now !== undefined ? timeOption(opts.now, '--now') : undefined;
        const server = await startWebServer({
          store, policy, port, demo: true, datasetsDir: join(home, 'datasets'), siteName: opts.siteName ?? 'LinkUp', logLevel: opts.logLevel,
          ...(opts.rateLimit ? {} : { rateLimit: false as const }),
          ...(opts.host ? { host: opts.host } : {}),
          ...(opts.contentUsage ? { contentUsageDefault: opts.contentUsage } : {}),
          ...(now !== undefined ? { clock: () => now } : {}),
        });
        announce(server, [
          `  Store              ${isPostgresUrl(db) ? db.replace(/:[^:@/]*@/, ':***@') : resolve(db)}${existsSync(home) ? `  (files in ${home})` : ''}`,
          ...(now !== undefined ? [`  Clock              ${formatTime(now)} (--now)`] : []),
        ]);
        await untilStopped();
        await server.close();
      } finally {
        await store.close();
      }
    });
}
