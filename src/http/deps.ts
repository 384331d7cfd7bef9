/**
 * What the web app is built from. Everything with state or I/O is injected, so tests build an app
 * over a temporary store with a fixed clock and call it with `app.inject`.
 */
import type { Registry } from 'prom-client';
import type { BuildOptions, BuildResult } from '../dataset/build-types.js';
import type { Millis } from '../domain/time.js';
import type { Policy } from '../policy/policy.js';
import type { Store } from '../storage/store.js';
import type { AuthConfig } from './auth.js';

export interface RateLimitConfig {
  /** Objection submissions per client address per window. */
  perAddress: number;
  /** Objection submissions about one subject (a member id, an email, a handle, a name) per window. */
  perSubject: number;
  windowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitConfig = { perAddress: 10, perSubject: 3, windowMs: 60 * 60_000 };

export interface AppDeps {
  store: Store;
  policy: Policy;
  auth: AuthConfig;
  /** The product's "now" (epoch ms); fixed in tests, settable in the demo to show the notice period. */
  clock?: () => Millis;
  /** The platform's name on every page. */
  siteName?: string;
  /** Objection-form limits; `false` turns them off (benchmarks). */
  rateLimit?: RateLimitConfig | false;
  /** The site's AIPREF default for robots.txt; `train-ai=n` unless set. */
  contentUsageDefault?: string;
  /** `lastUpdate` of `/.well-known/gpc.json` (RFC 3339 full-date). */
  gpcLastUpdate?: string;
  /** The demo: a member picker that issues member tokens, and operator sign-in without the token. */
  demo?: boolean;
  /** Only the member picker (serve with an ephemeral key: no platform can sign tokens then). */
  memberPicker?: boolean;
  /** The dataset builder, for `POST datasets`; absent: the route answers 503. */
  build?: (options: BuildOptions) => Promise<BuildResult>;
  /** Where `POST datasets` writes builds (a folder per build). */
  datasetsDir?: string;
  /** A Fastify logger option: `false` for tests, a pino instance or options otherwise. */
  logger?: unknown;
  /** A prom-client registry to expose at `/metrics` (operator only). */
  metrics?: Registry;
  /** Secret for signing cookies (random per process when absent). */
  cookieSecret?: string;
  /** Trust `X-Forwarded-For` from a reverse proxy (Fastify's `trustProxy`): the rate limit keys on the client address. */
  trustProxy?: boolean | string;
  /** Mark cookies `Secure` (behind HTTPS). */
  secureCookies?: boolean;
}
