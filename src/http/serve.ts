/**
 * Starts the web app on a port for `serve` and `demo`: auth from the environment (an ephemeral
 * secret and operator token when none is configured, then on loopback only), the dataset builder,
 * metrics, logging, and a clean shutdown on SIGINT/SIGTERM.
 */
import { resolve } from 'node:path';
import { buildDataset } from '../dataset/build-dataset.js';
import { ConsentgateError } from '../domain/issues.js';
import type { Millis } from '../domain/time.js';
import type { Policy } from '../policy/policy.js';
import type { Store } from '../storage/store.js';
import { createApp, type App } from './app.js';
import { authFromEnv } from './auth.js';
import type { RateLimitConfig } from './deps.js';
import { metricsRegistry } from '../ops/metrics.js';
import { loggerOptions } from '../ops/logger.js';

export interface ServeOptions {
  store: Store;
  policy: Policy;
  port: number;
  host?: string;
  demo?: boolean;
  memberPicker?: boolean;
  clock?: () => Millis;
  datasetsDir: string;
  siteName?: string;
  contentUsageDefault?: string;
  rateLimit?: RateLimitConfig | false;
  logLevel?: string;
}

export interface RunningServer {
  app: App;
  url: string;
  operatorToken: string;
  ephemeral: boolean;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function startWebServer(o: ServeOptions): Promise<RunningServer> {
  const { config, notes } = authFromEnv();
  let host = o.host ?? '127.0.0.1';
  if (config.ephemeral && !LOOPBACK.has(host)) {
    notes.push(`--host ${host} ignored: without configured keys the server listens on 127.0.0.1 only`);
    host = '127.0.0.1';
  }
  const app = await createApp({
    store: o.store,
    policy: o.policy,
    auth: config,
    demo: o.demo ?? false,
    memberPicker: o.memberPicker ?? false,
    // The content cache of `build --content-cache`, for builds started through the API.
    build: (options) => buildDataset({ ...options, ...(process.env.CONSENTGATE_CONTENT_CACHE ? { contentCache: resolve(process.env.CONSENTGATE_CONTENT_CACHE) } : {}) }),
    datasetsDir: o.datasetsDir,
    metrics: metricsRegistry,
    // No `name`: the shared logger's redaction list censors a top-level `name` key.
    logger: loggerOptions(o.logLevel !== undefined ? { level: o.logLevel } : {}),
    ...(o.clock ? { clock: o.clock } : {}),
    ...(o.siteName ? { siteName: o.siteName } : {}),
    ...(o.contentUsageDefault ? { contentUsageDefault: o.contentUsageDefault } : {}),
    ...(o.rateLimit !== undefined ? { rateLimit: o.rateLimit } : {}),
    ...(process.env.CONSENTGATE_COOKIE_SECRET ? { cookieSecret: process.env.CONSENTGATE_COOKIE_SECRET } : {}),
    ...(process.env.CONSENTGATE_SECURE_COOKIES === '1' ? { secureCookies: true } : {}),
    ...(process.env.CONSENTGATE_TRUST_PROXY ? { trustProxy: process.env.CONSENTGATE_TRUST_PROXY === '1' ? true : process.env.CONSENTGATE_TRUST_PROXY } : {}),
  });
  for (const n of notes) app.log.info(n);
  let url: string;
  try {
    url = await app.listen({ host, port: o.port });
  } catch (e) {
    await app.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new ConsentgateError('port-in-use', [{ field: '--port', message: `port ${o.port} on ${host} is in use; choose another with --port` }]);
    throw e;
  }
  return {
    app,
    url: url.replace('[::1]', 'localhost'),
    operatorToken: config.operatorToken,
    ephemeral: config.ephemeral,
    close: async () => {
      const closing = app.close();
      // Browsers keep idle connections open; do not wait for them.
      setTimeout(() => app.server.closeAllConnections(), 2000).unref();
      await closing;
    },
  };
}

/** Resolves when the process is asked to stop (Ctrl-C, SIGTERM). */
export function untilStopped(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(signal);
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}
