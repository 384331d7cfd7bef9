/**
 * The `consentgate` command line. Each command lives in `commands/<verb>.ts`; this file wires them
 * and turns expected failures into one clear line on stderr with a non-zero exit status.
 */
import { Command, CommanderError } from 'commander';
import { ConsentgateError } from '../domain/issues.js';
import { registerErase } from './commands/erase.js';
import { registerExplain } from './commands/explain.js';
import { registerGenerate } from './commands/generate.js';
import { registerImport } from './commands/import.js';
import { registerBackup } from './commands/backup.js';
import { registerBuild } from './commands/build.js';
import { registerProve } from './commands/prove.js';
import { registerMigrate } from './commands/migrate.js';
import { registerRestore } from './commands/restore.js';
import { registerVerify } from './commands/verify.js';
import { registerDemo } from './commands/demo.js';
import { registerServe } from './commands/serve.js';
import { registerReport } from './commands/report.js';

export function createProgram(): Command {
  const program = new Command('consentgate')
    .description('Consent-gated AI training data: ledger, policy, decisions, datasets and proofs')
    .showHelpAfterError()
    .exitOverride();
  registerDemo(program);
  registerServe(program);
  registerReport(program);
  registerGenerate(program);
  registerImport(program);
  registerExplain(program);
  registerBuild(program);
  registerProve(program);
  registerVerify(program);
  registerErase(program);
  registerMigrate(program);
  registerBackup(program);
  registerRestore(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await createProgram().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof ConsentgateError) {
      process.stderr.write(`consentgate: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`consentgate: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    return 70;
  }
}
