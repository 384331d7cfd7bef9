/**
 * @module `consentgate prove --dataset DIR --item ID` (spec §6): an inclusion proof for an item in the
 * dataset, or an exclusion proof (its two neighbours and their inclusion proofs), as JSON; and
 * `consentgate verify-proof`, which checks such a proof with SHA-256 alone against a root the
 * checker trusts (given, or read from a dataset's manifest). The logic is the Merkle module's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { checkProof, proveItem, type TrustedTree } from '../../dataset/merkle/index.js';
import { ConsentgateError } from '../../domain/issues.js';

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (cause) {
    throw new ConsentgateError('unreadable', [{ file: path, message: `cannot read the ${what}: ${(cause as Error).message}` }], { cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ConsentgateError('not-json', [{ file: path, message: `the ${what} is not JSON: ${(cause as Error).message}` }], { cause });
  }
}

/** The root and size a dataset's manifest states. */
function trustedFromDataset(dir: string): TrustedTree {
  const m = readJson(join(dir, 'manifest.json'), 'manifest') as { merkleRoot?: unknown; counts?: { included?: unknown } };
  if (typeof m.merkleRoot !== 'string') throw new ConsentgateError('bad-manifest', [{ file: join(dir, 'manifest.json'), message: 'the manifest has no merkleRoot' }]);
  return { root: m.merkleRoot, ...(typeof m.counts?.included === 'number' ? { treeSize: m.counts.included } : {}) };
}

export function registerProve(program: Command): void {
  program
    .command('prove')
    .description('a Merkle inclusion proof for an item in a dataset, or an exclusion proof when it is not in it, as JSON')
    .requiredOption('--dataset <dir>', 'the dataset folder (with manifest.json and its data file or ids.txt)')
    .requiredOption('--item <id>', 'the content item')
    .action(async (opts: { dataset: string; item: string }) => {
      let doc: unknown;
      try {
        doc = await proveItem(opts.dataset, opts.item);
      } catch (cause) {
        if (cause instanceof ConsentgateError) throw cause;
        throw new ConsentgateError('prove-failed', [{ file: opts.dataset, message: (cause as Error).message }], { cause });
      }
      process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    });

  program
    .command('verify-proof')
    .description('check a proof from `prove` with SHA-256 alone; exits 0 when it holds, 1 when it does not')
    .requiredOption('--proof <file>', 'the proof (JSON; - for stdin)')
    .option('--root <hex>', "the dataset's merkleRoot, as you trust it (e.g. from its manifest or a publication)")
    .option('--dataset <dir>', "read the trusted root and size from this dataset's manifest.json")
    .action((opts: { proof: string; root?: string; dataset?: string }) => {
      const trusted: TrustedTree = opts.dataset !== undefined ? trustedFromDataset(opts.dataset) : {};
      if (opts.root !== undefined) {
        if (trusted.root !== undefined && trusted.root !== opts.root) {
          throw new ConsentgateError('bad-option', [{ field: '--root', message: `--root differs from the merkleRoot of ${opts.dataset}`, expected: trusted.root, received: opts.root }]);
        }
        (trusted as { root?: string }).root = opts.root.toLowerCase();
      }
      const result = checkProof(readJson(opts.proof, 'proof'), trusted);
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      if (!result.ok) {
        process.stderr.write(`consentgate: the proof does not hold: ${result.errors.join('; ')}\n`);
        process.exitCode = 1;
      } else if (result.rootSource === 'document') {
        process.stderr.write('consentgate: checked against the root written in the proof itself; pass --root or --dataset to check against a root you trust\n');
      }
    });
}
