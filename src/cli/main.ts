/**
 * The `consentgate` command line. Each command lives in `commands/<verb>.ts`; this file wires them
 * and turns expected failures into one clear line on stderr with a non-zero exit status.
 */
import { Command, CommanderError } from 'commander';
import { ConsentgateError } from '../domain/issues.js';

type Register = (program: Command) => void;

/**
 * Each command's module, loaded only when it runs: a command pays for its own dependencies, not for
 * every other command's (the server's, PostgreSQL's), which is most of a short command's start-up.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  demo: async () => (await import('./commands/demo.js')).registerDemo,
  serve: async () => (await import('./commands/serve.js')).registerServe,
  report: async () => (await import('./commands/report.js')).registerReport,
  generate: async () => (await import('./commands/generate.js')).registerGenerate,
  import: async () => (await import('./commands/import.js')).registerImport,
  explain: async () => (await import('./commands/explain.js')).registerExplain,
  build: async () => (await import('./commands/build.js')).registerBuild,
  prove: async () => (await import('./commands/prove.js')).registerProve,
  verify: async () => (await import('./commands/verify.js')).registerVerify,
  erase: async () => (await import('./commands/erase.js')).registerErase,
  migrate: async () => (await import('./commands/migrate.js')).registerMigrate,
  backup: async () => (await import('./commands/backup.js')).registerBackup,
  restore: async () => (await import('./commands/restore.js')).registerRestore,
};

/** The program with `only` registered when it names a command, else every command (help, typos). */
export async function createProgram(only?: string): Promise<Command> {
  const program = new Command('consentgate')
    .description('Consent-gated AI training data: ledger, policy, decisions, datasets and proofs')
    .showHelpAfterError()
    .exitOverride();
  const names = only !== undefined && Object.hasOwn(COMMANDS, only) ? [only] : Object.keys(COMMANDS);
  for (const register of await Promise.all(names.map((n) => COMMANDS[n]!()))) register(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await (await createProgram(argv[0])).parseAsync(argv, { from: 'user' });
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
