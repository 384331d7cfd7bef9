import type { Command } from 'commander';
import { generatePlatform } from '../../generate/generate-platform.js';
import { intOption } from '../options.js';

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('write a realistic synthetic platform as JSON Lines (members, groups, content, consent, notices, objections), deterministic by --seed')
    .requiredOption('--out <dir>', 'folder to write into')
    .option('--members <n>', 'members', '1000')
    .option('--items <n>', 'content items (default about 10 a member)')
    .option('--seed <s>', 'seed: the same seed gives the same bytes', '1')
    .action(async (opts: { out: string; members: string; items?: string; seed: string }) => {
      const members = intOption(opts.members, '--members', 1);
      const started = Date.now();
      const summary = await generatePlatform({
        out: opts.out, members, seed: opts.seed, progress: true,
        ...(opts.items !== undefined ? { items: intOption(opts.items, '--items', 0) } : {}),
      });
      process.stdout.write(`${JSON.stringify({ out: opts.out, members: summary.members, items: summary.items, groups: summary.groups, files: summary.files, seconds: (Date.now() - started) / 1000 })}\n`);
    });
}
