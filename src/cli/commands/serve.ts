/**
 * `consentgate serve`: the web app (portal, objection form, console, API) over an existing store.
 * Keys come from CONSENTGATE_JWT_SECRET / CONSENTGATE_JWT_PUBLIC_KEY and CONSENTGATE_OPERATOR_TOKEN;
 * without them it starts on 127.0.0.1 with an ephemeral secret and operator token and says so.
 */
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { isPostgresUrl, openStore, storeLocation } from '../../storage/open-store.js';
import { loadPolicy } from '../../policy/load-policy.js';
import { startWebServer, untilStopped, type RunningServer } from '../../http/serve.js';
import { intOption, timeOption } from '../options.js';

export interface WebFlags {
  port: string;
  host?: string;
  policy?: string;
  datasets?: string;
  now?: string;
  siteName?: string;
  contentUsage?: string;
  rateLimit: boolean;
  logLevel: string;
}

export function webOptions(cmd: Command, defaultPort = '8080'): Command {
  return cmd
    .option('--port <n>', 'the port', defaultPort)
    .option('--host <address>', 'the address to listen on (default 127.0.0.1)')
    .option('--policy <file>', 'the policy in force (default: the bundled policies/genai-2025.yaml)')
    .option('--datasets <dir>', 'where builds started from the console or API are written')
    .option('--now <time>', 'pretend it is this moment (e.g. 2025-10-15 to see the notice period and its countdown)')
    .option('--site-name <name>', 'the platform name shown on every page')
    .option('--content-usage <prefs>', 'the site default for robots.txt (an RFC 9651 dictionary)', 'train-ai=n')
    .option('--no-rate-limit', 'turn the objection-form limits off (benchmarks)')
    .option('--log-level <level>', 'pino log level', 'info');
}

/** The lines `serve` and `demo` print once the server is up. */
export function announce(server: RunningServer, extra: string[] = []): void {
  const u = server.url;
  const lines = [
    '',
    `  Member portal      ${u}/`,
    `  Objection form     ${u}/objection`,
    `  Operator console   ${u}/console`,
    `  API docs           ${u}/docs   (OpenAPI 3.1: ${u}/openapi.json)`,
    ...(server.ephemeral ? [`  Operator token     ${server.operatorToken}   (ephemeral: set CONSENTGATE_OPERATOR_TOKEN to keep one)`] : []),
    ...extra,
    '',
    '  Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function registerServe(program: Command): void {
  webOptions(program
    .command('serve')
    .description('serve the member portal, the objection form, the operator console and the API over an existing store')
    .option('--db <path|url>', 'the store (default $CONSENTGATE_DB, $DATABASE_URL or ./consentgate.db)'))
    .action(async (opts: WebFlags & { db?: string }) => {
      const port = intOption(opts.port, '--port', 0);
      const policy = loadPolicy(opts.policy);
      const location = storeLocation(opts.db);
      const store = await openStore(opts.db);
      const datasetsDir = resolve(opts.datasets ?? (isPostgresUrl(location) ? 'consentgate-datasets' : join(dirname(resolve(location)), 'consentgate-datasets')));
      try {
        const now = opts.now !== undefined ? timeOption(opts.now, '--now') : undefined;
        const server = await startWebServer({
          store, policy, port, datasetsDir, logLevel: opts.logLevel, ...(opts.rateLimit ? {} : { rateLimit: false as const }),
          ...(opts.host ? { host: opts.host } : {}), ...(opts.siteName ? { siteName: opts.siteName } : {}),
          ...(opts.contentUsage ? { contentUsageDefault: opts.contentUsage } : {}),
          ...(now !== undefined ? { clock: () => now } : {}),
          memberPicker: ephemeralKeys(),
        });
        announce(server);
        await untilStopped();
        await server.close();
      } finally {
        await store.close();
      }
    });
}

/** With an ephemeral key no platform can sign member tokens, so `serve` offers the member picker (never an operator shortcut). */
function ephemeralKeys(): boolean {
  return !process.env.CONSENTGATE_JWT_SECRET && !process.env.CONSENTGATE_JWT_PUBLIC_KEY;
}
