/**
 * What every route module gets: the injected dependencies, the clock, the authenticator and the
 * guards that run as `onRequest` hooks (so a missing or wrong token is a 401/403 before any body is
 * parsed or validated), plus the browser sessions of the portal and the console.
 */
import { createHmac } from 'node:crypto';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Millis } from '../domain/time.js';
import type { Policy } from '../policy/policy.js';
import type { Store } from '../storage/store.js';
import { hasGpc } from '../signals/gpc.js';
import { bearerToken, type Authenticator, type Principal } from './auth.js';
import type { FactsLoader, MemberLoader } from './batch-facts.js';
import type { AppDeps, RateLimitConfig } from './deps.js';
import { evidenceOf } from './evidence.js';
import type { GpcRecorder } from './gpc-recorder.js';
import type { JobQueue } from './jobs.js';
import { problem } from './problem.js';
import type { WindowLimiter } from './rate-limit.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export const MEMBER_COOKIE = 'cg_member';
export const OPERATOR_COOKIE = 'cg_operator';
export const LANG_COOKIE = 'cg_lang';
const OPERATOR_SESSION_MS = 8 * 3600_000;

export interface AppContext {
  deps: AppDeps;
  store: Store;
  policy: Policy;
  now: () => Millis;
  auth: Authenticator;
  siteName: string;
  jobs: JobQueue;
  gpc: GpcRecorder;
  facts: FactsLoader;
  /** One member's rows and ledger (fast path of the consent read and public pages). */
  member: MemberLoader;
  limits: { address: WindowLimiter; subject: WindowLimiter; config: RateLimitConfig } | undefined;
  contentUsageDefault: string;
  /** Keyed code that lets a non-member come back to erase the identifiers of their objection. */
  erasureCode(objectionId: string): string;
  guards: {
    operator: onRequestAsyncHookHandler;
    any: onRequestAsyncHookHandler;
    optional: onRequestAsyncHookHandler;
    /** The member named by route param `param`, or an operator. */
    selfOrOperator(param: string): onRequestAsyncHookHandler;
  };
  /** The member signed in to the portal (cookie), or undefined. Observes GPC. */
  portalMember(req: FastifyRequest): Promise<string | undefined>;
  operatorSession(req: FastifyRequest): boolean;
  startOperatorSession(reply: FastifyReply): void;
  startMemberSession(reply: FastifyReply, token: string): void;
  endSessions(reply: FastifyReply): void;
  cookieOptions(maxAgeSeconds?: number): Record<string, unknown>;
}

export function createContext(parts: Omit<AppContext, 'guards' | 'portalMember' | 'operatorSession' | 'startOperatorSession' | 'startMemberSession' | 'endSessions' | 'erasureCode' | 'cookieOptions'>): AppContext {
  const { auth, gpc } = parts;
  const secure = parts.deps.secureCookies ?? false;

  const cookieOptions = (maxAgeSeconds?: number): Record<string, unknown> => {
    const o: Record<string, unknown> = { path: '/', httpOnly: true, sameSite: 'lax', secure };
    if (maxAgeSeconds !== undefined) o.maxAge = maxAgeSeconds;
    return o;
  };

  const observeGpc = async (req: FastifyRequest, memberId: string): Promise<void> => {
    if (!hasGpc(req.headers['sec-gpc'])) return;
    try {
      await gpc.observe(memberId, evidenceOf(req));
    } catch (e) {
      req.log.error({ err: e }, 'could not record a GPC signal');
    }
  };

  const resolve = async (req: FastifyRequest): Promise<Principal | null> => {
    const token = bearerToken(req.headers.authorization);
    let principal: Principal | null = null;
    if (token !== undefined) principal = await auth.principalOfToken(token);
    else if (req.method === 'GET' || req.method === 'HEAD') {
      // A browser session may read the API (the console polls jobs); it never writes through it.
      if (operatorSession(req)) principal = { kind: 'operator' };
      else {
        const memberId = await cookieMember(req);
        if (memberId !== undefined) principal = { kind: 'member', memberId };
      }
    }
    req.principal = principal;
    if (principal?.kind === 'member') await observeGpc(req, principal.memberId);
    return principal;
  };

  const cookieMember = async (req: FastifyRequest): Promise<string | undefined> => {
    const token = req.cookies[MEMBER_COOKIE];
    if (!token) return undefined;
    try {
      return await auth.verifyMemberToken(token);
    } catch {
      return undefined;
    }
  };

  const operatorSession = (req: FastifyRequest): boolean => {
    const raw = req.cookies[OPERATOR_COOKIE];
    if (!raw) return false;
    const un = req.unsignCookie(raw);
    if (!un.valid || un.value === null) return false;
    const m = /^operator:(\d+)$/.exec(un.value);
    return m !== null && Number(m[1]) > Date.now();
  };

  const guards: AppContext['guards'] = {
    operator: async (req) => {
      const p = await resolve(req);
      if (!p) throw problem.unauthorized('This resource needs the operator token.');
      if (p.kind !== 'operator') throw problem.forbidden('This resource is for operators only.');
    },
    any: async (req) => {
      if (!(await resolve(req))) throw problem.unauthorized();
    },
    optional: async (req) => {
      await resolve(req);
    },
    selfOrOperator: (param) => async (req) => {
      const p = await resolve(req);
      if (!p) throw problem.unauthorized();
      if (p.kind === 'operator') return;
      const id = (req.params as Record<string, string>)[param];
      if (p.memberId !== id) throw problem.forbidden('A member token gives access to that member\'s own data only.');
    },
  };

  return {
    ...parts,
    guards,
    cookieOptions,
    erasureCode: (id) => createHmac('sha256', parts.store.secret).update(`objection-erasure:${id}`).digest('base64url').slice(0, 16),
    portalMember: async (req) => {
      const memberId = await cookieMember(req);
      if (memberId !== undefined) {
        req.principal = { kind: 'member', memberId };
        await observeGpc(req, memberId);
      }
      return memberId;
    },
    operatorSession,
    startOperatorSession: (reply) => {
      reply.setCookie(OPERATOR_COOKIE, `operator:${Date.now() + OPERATOR_SESSION_MS}`, { ...cookieOptions(OPERATOR_SESSION_MS / 1000), signed: true, sameSite: 'strict' });
    },
    startMemberSession: (reply, token) => {
      reply.setCookie(MEMBER_COOKIE, token, cookieOptions(8 * 3600));
    },
    endSessions: (reply) => {
      reply.clearCookie(MEMBER_COOKIE, { path: '/' });
      reply.clearCookie(OPERATOR_COOKIE, { path: '/' });
    },
  };
}
