/**
 * `createApp(deps)`: the whole web product as one Fastify instance — the API under `/api/v1/`
 * (zod schemas, OpenAPI 3.1 at `/openapi.json`, docs at `/docs`), the member portal, the objection
 * form, the operator console, and the public pages that carry the member's AI signals. Nothing here
 * listens: `serve`/`demo` call `listen`, tests call `inject`.
 */
import { randomBytes } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { ConsentgateError } from '../domain/issues.js';
import { checkContentUsage } from '../signals/content-usage.js';
import { Authenticator } from './auth.js';
import { factsLoader, memberLoader } from './batch-facts.js';
import { createContext, type AppContext } from './context.js';
import { DEFAULT_RATE_LIMIT, type AppDeps } from './deps.js';
import { GpcRecorder } from './gpc-recorder.js';
import { JobQueue } from './jobs.js';
import { HttpProblem, problem, PROBLEM_TYPES } from './problem.js';
import { countDeny, instrument } from './metrics.js';
import { applySecurityHeaders, securityHeaders } from './security-headers.js';
import { WindowLimiter } from './rate-limit.js';
import { registerAssets } from './routes/assets.js';
import { registerConsole } from './routes/console.js';
import { registerDatasetRoutes } from './routes/datasets.js';
import { registerDecisionRoutes } from './routes/decisions.js';
import { registerHome } from './routes/home.js';
import { registerLedgerRoutes } from './routes/ledger.js';
import { registerMemberRoutes } from './routes/members.js';
import { registerObjectionRoutes } from './routes/objections.js';
import { registerPortal } from './routes/portal.js';
import { registerPublicPages } from './routes/public.js';
import { errorPage } from '../web/views/error-page.js';

export const API_PREFIX = '/api/v1';
export const API_VERSION = '0.1.0';

export interface App extends FastifyInstance {
  /** The context the routes share (tests use its jobs and authenticator). */
  ctx: AppContext;
}

export async function createApp(deps: AppDeps): Promise<App> {
  // Errors the router raises before any route or error handler (a malformed percent-escape in the
  // path, an over-long parameter) leave as problems too, like every other error.
  let errorContext: AppContext | undefined;
  const app = Fastify({
    frameworkErrors: (err, req, reply) => {
      sendError(errorContext, req, reply, frameworkProblem(err));
    },
    logger: (deps.logger ?? false) as boolean,
    // Forms and batches of 10,000 ids fit; anything larger is refused before parsing.
    bodyLimit: 2 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    trustProxy: deps.trustProxy ?? false,
    // One line per request would cost more than the request at benchmark rates; errors are logged.
    logController: new LogController({ disableRequestLogging: true }),
  }) as unknown as App;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // The API takes JSON only (forms go to the HTML routes, which check a CSRF token).
  app.removeContentTypeParser('text/plain');
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.some((m) => m === 'POST' || m === 'PUT' || m === 'PATCH')) return;
    const onlyJson = async (req: FastifyRequest) => {
      const type = req.headers['content-type'];
      if (type !== undefined && !/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
        throw new HttpProblem(415, 'unsupported-media-type', PROBLEM_TYPES['unsupported-media-type']!.title, `Content-Type ${type} is not accepted here: send application/json.`);
      }
    };
    const existing = route.preValidation;
    route.preValidation = existing === undefined ? onlyJson : [...(Array.isArray(existing) ? existing : [existing]), onlyJson];
  });

  const now = deps.clock ?? (() => Date.now());
  const auth = new Authenticator(deps.auth);
  const member = memberLoader(deps.store);
  // Every append made through the app tells the member cache whose ledger changed.
  const store = new Proxy(deps.store, {
    get(target, prop, receiver) {
      if (prop === 'append') {
        return async (entries: Parameters<typeof target.append>[0]) => {
          try {
            return await target.append(entries);
          } finally {
            member.invalidate(entries.map((e) => (e.kind === 'notice' ? e.notice.subject : e.event.subject)));
          }
        };
      }
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  const rl = deps.rateLimit === undefined ? DEFAULT_RATE_LIMIT : deps.rateLimit;
  const ctx = createContext({
    deps,
    store,
    policy: deps.policy,
    now,
    auth,
    siteName: deps.siteName ?? 'consentgate',
    jobs: new JobQueue((job, e) => app.log.error({ err: e, job: job.id }, 'job failed')),
    gpc: new GpcRecorder(store, now, (subject, purposes) => {
      for (const p of purposes) void countDeny(deps.store, deps.policy, subject, 'gpc', p, now()).catch(() => undefined);
    }),
    facts: factsLoader(deps.store),
    member,
    limits: rl ? { address: new WindowLimiter(rl.perAddress, rl.windowMs), subject: new WindowLimiter(rl.perSubject, rl.windowMs), config: rl } : undefined,
    contentUsageDefault: checkContentUsage(deps.contentUsageDefault ?? 'train-ai=n'),
  });
  errorContext = ctx;
  app.decorate('ctx', ctx);
  app.decorateRequest('principal', null);

  applySecurityHeaders(app, securityHeaders({ https: deps.secureCookies ?? false }));
  await app.register(fastifyCookie, { secret: deps.cookieSecret ?? randomBytes(32).toString('hex') });
  await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
  await app.register(fastifyCsrf, { cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true, signed: true, secure: deps.secureCookies ?? false } });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'consentgate API',
        version: API_VERSION,
        description: 'Consent per purpose with its source, choices and notices as ledger receipts, objections for members and non-members, batch decisions, datasets and builds, the member\'s report, and the ledger head. Errors are RFC 9457 problem details.',
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          memberJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A JWT signed by the platform; `sub` is the member id; `exp` is required.' },
          operatorToken: { type: 'http', scheme: 'bearer', description: 'The operator token (CONSENTGATE_OPERATOR_TOKEN).' },
        },
      },
      tags: [
        { name: 'members', description: 'A member\'s consent, notices and report' },
        { name: 'objections', description: 'The objection form, for members and non-members' },
        { name: 'decisions', description: 'Whether items may be used, and why not' },
        { name: 'datasets', description: 'Builds, their manifests, and build jobs' },
        { name: 'ledger', description: 'The consent ledger' },
      ],
    },
    transform: (doc) => {
      if (!doc.url.startsWith('/api/')) return { schema: { ...doc.schema, hide: true } as typeof doc.schema, url: doc.url };
      return jsonSchemaTransform(doc);
    },
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true, tryItOutEnabled: true, validatorUrl: null },
    staticCSP: true,
    // Swagger UI sets inline styles; allow them on its pages only, and keep everything on this host.
    transformStaticCSP: (header) => header
      .replace("style-src 'self' https:", "style-src 'self' 'unsafe-inline'")
      .replace("font-src 'self' https: data:", "font-src 'self' data:")
      .replace(' validator.swagger.io', '')
      .replace('upgrade-insecure-requests;', ''),
    transformSpecificationClone: true,
  });

  app.setNotFoundHandler((req, reply) => {
    // Any unknown path answers 404 before authentication, so paths reveal nothing about access.
    sendError(ctx, req, reply, problem.notFound(`No such path: ${req.method} ${req.url.split('?')[0]}`));
  });
  app.setErrorHandler((err: FastifyError, req, reply) => {
    sendError(ctx, req, reply, toProblem(err, req));
  });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/problems/:code', { schema: { hide: true } }, async (req, reply) => {
    const code = (req.params as { code: string }).code;
    const p = PROBLEM_TYPES[code];
    if (!p) throw problem.notFound(`No problem type ${code}`);
    return reply.type('text/plain; charset=utf-8').send(`${p.title} (${p.status})\n\n${p.explain}\n`);
  });
  if (deps.metrics) {
    const registry = deps.metrics;
    instrument(app, registry);
    app.get('/metrics', { schema: { hide: true }, onRequest: ctx.guards.operator }, async (_req, reply) => reply.type(registry.contentType).send(await registry.metrics()));
  }

  registerAssets(app);
  registerMemberRoutes(app, ctx);
  registerObjectionRoutes(app, ctx);
  registerDecisionRoutes(app, ctx);
  registerDatasetRoutes(app, ctx);
  registerLedgerRoutes(app, ctx);
  registerPublicPages(app, ctx);
  registerHome(app, ctx);
  registerPortal(app, ctx);
  registerConsole(app, ctx);

  await app.ready();
  return app;
}

function wantsHtml(req: FastifyRequest): boolean {
  const path = req.url.split('?')[0]!;
  if (path.startsWith('/api/') || path === '/api' || path.endsWith('.json') || path === '/metrics') return false;
  return true;
}

function toProblem(err: FastifyError, req: FastifyRequest): HttpProblem {
  if (err instanceof HttpProblem) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const errors = err.validation.map((v) => ({
      in: err.validationContext ?? 'body',
      path: v.instancePath.replace(/^\//, '').replace(/\//g, '.'),
      message: v.message ?? 'invalid',
    }));
    return problem.invalid(`The request ${err.validationContext ?? 'body'} is not valid: ${errors.map((e) => `${e.path || '(root)'}: ${e.message}`).join('; ')}`, errors);
  }
  if (err instanceof ConsentgateError) {
    return problem.invalid(err.message, err.issues.map((i) => ({ path: i.field ?? '', message: i.message })));
  }
  switch (err.code) {
    case 'FST_CSRF_INVALID_TOKEN':
    case 'FST_CSRF_MISSING_SECRET':
      return problem.csrf();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpProblem(415, 'unsupported-media-type', PROBLEM_TYPES['unsupported-media-type']!.title, `Content-Type ${req.headers['content-type'] ?? '(none)'} is not accepted here.`);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpProblem(413, 'payload-too-large', PROBLEM_TYPES['payload-too-large']!.title, err.message);
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) return problem.invalid(err.message);
  req.log.error({ err }, 'unhandled error');
  return new HttpProblem(500, 'internal', PROBLEM_TYPES.internal!.title, 'Something went wrong on the server.');
}

function frameworkProblem(err: FastifyError): HttpProblem {
  switch (err.code) {
    case 'FST_ERR_BAD_URL':
      return problem.invalid('The path is not a valid URL: it holds a malformed percent-escape (each % must start two hexadecimal digits that encode UTF-8).', [{ in: 'path', path: '', message: 'malformed percent-escape' }]);
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return known414();
    default:
      return new HttpProblem(500, 'internal', PROBLEM_TYPES.internal!.title, 'Something went wrong on the server.');
  }
}

function known414(): HttpProblem {
  const p = PROBLEM_TYPES['uri-too-long']!;
  return new HttpProblem(p.status, 'uri-too-long', p.title, 'A part of the path is longer than the server accepts.');
}

function sendError(ctx: AppContext | undefined, req: FastifyRequest, reply: FastifyReply, p: HttpProblem): void {
  reply.code(p.status).headers(p.headers);
  if (wantsHtml(req)) {
    void reply.type('text/html; charset=utf-8').send(errorPage(ctx?.siteName ?? 'consentgate', p).value);
    return;
  }
  void reply.type('application/problem+json').send(JSON.stringify(p.body(req.url.split('?')[0])));
}
