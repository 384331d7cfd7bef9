/**
 * Security headers: helmet's, computed once. `@fastify/helmet` builds a new helmet middleware (and
 * parses the CSP) on every request, which cost more than the consent read itself; the headers are
 * the same for every response, so helmet runs once at start into a plain object, and a hook sets
 * them. Helmet is resolved through `@fastify/helmet`, whose dependency it is.
 */
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';

type HelmetMiddleware = (req: unknown, res: unknown, next: (err?: unknown) => void) => void;
type Helmet = (options: Record<string, unknown>) => HelmetMiddleware;

export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

export function securityHeaders(options: { https: boolean }): Record<string, string> {
  const req = createRequire(createRequire(import.meta.url).resolve('@fastify/helmet'));
  const helmet = req('helmet') as Helmet | { default: Helmet };
  const fn = typeof helmet === 'function' ? helmet : helmet.default;
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (k: string, v: unknown) => { headers[k.toLowerCase()] = String(v); },
    removeHeader: (k: string) => { delete headers[k.toLowerCase()]; },
    getHeader: (k: string) => headers[k.toLowerCase()],
  };
  fn({
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    // Plain HTTP on loopback by default; HSTS only makes sense behind HTTPS.
    strictTransportSecurity: options.https ? { maxAge: 15552000 } : false,
    crossOriginEmbedderPolicy: false,
  })({ headers: {} }, res, (err) => { if (err) throw err; });
  return headers;
}

export function applySecurityHeaders(app: FastifyInstance, headers: Record<string, string>): void {
  const entries = Object.entries(headers);
  app.addHook('onRequest', (_req, reply, done) => {
    for (const [k, v] of entries) reply.header(k, v);
    done();
  });
}
