import type { Command } from 'commander';
import { ConsentgateError } from '../../domain/issues.js';
import { importFiles, IMPORT_ORDER, type ImportFiles } from '../../import/import-files.js';
import { openStore } from '../../storage/open-store.js';
import { progressBar } from '../progress.js';

export function registerImport(program: Command): void {
  const cmd = program
    .command('import')
    .description('import JSON Lines files into the store, all or nothing (order: members, groups, content, consent, notices, objections)')
    .option('--db <path|url>', 'the store (default $CONSENTGATE_DB, $DATABASE_URL or ./consentgate.db)');
  for (const kind of IMPORT_ORDER) cmd.option(`--${kind} <file>`, `${kind}.jsonl`);
  cmd.action(async (opts: Record<string, string | undefined> & { db?: string }) => {
    const files: ImportFiles = {};
    for (const kind of IMPORT_ORDER) if (opts[kind] !== undefined) files[kind] = opts[kind];
    if (Object.keys(files).length === 0) throw new ConsentgateError('bad-option', `name at least one file to import (${IMPORT_ORDER.map((k) => `--${k}`).join(', ')})`);
    const store = await openStore(opts.db);
    const bar = progressBar('import');
    try {
      const started = Date.now();
      const counts = await importFiles(store, files, { onProgress: (d, t) => bar.update(d, t) });
      bar.stop();
      const head = await store.head();
      process.stdout.write(`${JSON.stringify({ imported: counts, ledger: head, seconds: (Date.now() - started) / 1000 })}\n`);
    } finally {
      bar.stop();
      await store.close();
    }
  });
}
