/**
 * Who is calling. Members send `Authorization: Bearer <JWT>` signed by the platform (HS256 with
 * `CONSENTGATE_JWT_SECRET`, or RS256/ES256 with `CONSENTGATE_JWT_PUBLIC_KEY`), `sub` = member id,
 * `exp` required and enforced. Operators send the operator token. In a browser the same JWT rides in
 * an httpOnly cookie (portal) and the console holds a signed operator cookie.
 */
import { createHash, createPublicKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import { isId } from '../domain/ids.js';
import { problem } from './problem.js';

export type Principal = { kind: 'member'; memberId: string } | { kind: 'operator' };

export interface AuthConfig {
  /** HS256 secret (bytes). */
  secret?: Uint8Array;
  /** RS256 or ES256 public key. */
  publicKey?: { key: KeyObject; algorithm: 'RS256' | 'ES256' };
  operatorToken: string;
  /** True when the secret and operator token were made up at start (no configuration). */
  ephemeral: boolean;
}

export interface AuthFromEnv {
  config: AuthConfig;
  /** Lines to log: what was configured or generated. */
  notes: string[];
}

/** Reads the configuration; with none, makes an ephemeral HS256 secret and operator token. */
export function authFromEnv(env: NodeJS.ProcessEnv = process.env): AuthFromEnv {
  const notes: string[] = [];
  const config: AuthConfig = { operatorToken: '', ephemeral: false };
  const secret = env.CONSENTGATE_JWT_SECRET;
  const pem = env.CONSENTGATE_JWT_PUBLIC_KEY;
  if (secret) {
    config.secret = new TextEncoder().encode(secret);
    notes.push('member tokens: HS256 with CONSENTGATE_JWT_SECRET');
    if (config.secret.length < 32) notes.push('warning: CONSENTGATE_JWT_SECRET is shorter than 32 bytes; use a longer random secret');
  }
  if (pem) {
    config.publicKey = publicKeyFrom(pem);
    notes.push(`member tokens: ${config.publicKey.algorithm} with CONSENTGATE_JWT_PUBLIC_KEY`);
  }
  if (!secret && !pem) {
    config.secret = randomBytes(32);
    config.ephemeral = true;
    notes.push('no CONSENTGATE_JWT_SECRET or CONSENTGATE_JWT_PUBLIC_KEY: using an ephemeral HS256 secret (tokens end with this process); listening on 127.0.0.1 only');
  }
  if (env.CONSENTGATE_OPERATOR_TOKEN) {
    config.operatorToken = env.CONSENTGATE_OPERATOR_TOKEN;
    notes.push('operator token: CONSENTGATE_OPERATOR_TOKEN');
  } else {
    config.operatorToken = `cg_op_${randomBytes(24).toString('base64url')}`;
    config.ephemeral = true;
    notes.push(`no CONSENTGATE_OPERATOR_TOKEN: using an ephemeral operator token: ${config.operatorToken}`);
  }
  return { config, notes };
}

/** A PEM (SPKI or PKCS#1) or JWK public key; RSA means RS256, P-256 means ES256. */
export function publicKeyFrom(text: string): { key: KeyObject; algorithm: 'RS256' | 'ES256' } {
  const trimmed = text.trim();
  const key = trimmed.startsWith('{')
    ? createPublicKey({ key: JSON.parse(trimmed) as import('node:crypto').JsonWebKey, format: 'jwk' })
    : createPublicKey(trimmed.replace(/\\n/g, '\n'));
  const type = key.asymmetricKeyType;
  if (type === 'rsa') return { key, algorithm: 'RS256' };
  if (type === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return { key, algorithm: 'ES256' };
  throw new Error(`CONSENTGATE_JWT_PUBLIC_KEY must be an RSA or P-256 public key (got ${type ?? 'unknown'})`);
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

export class Authenticator {
  readonly #config: AuthConfig;
  readonly #operatorDigest: Buffer;
  readonly #algorithms: string[];
  readonly #getKey: JWTVerifyGetKey;
  /** Verified tokens (by token text) with their subject and expiry: a repeat costs a map lookup. */
  readonly #cache = new Map<string, { sub: string; expMs: number }>();

  constructor(config: AuthConfig) {
    if (!config.secret && !config.publicKey) throw new Error('no JWT key configured');
    if (config.operatorToken.length < 16) throw new Error('the operator token must be at least 16 characters');
    this.#config = config;
    this.#operatorDigest = digest(config.operatorToken);
    this.#algorithms = [...(config.secret ? ['HS256'] : []), ...(config.publicKey ? [config.publicKey.algorithm] : [])];
    const { secret, publicKey } = config;
    this.#getKey = async (header) => {
      if (header.alg === 'HS256' && secret) return secret;
      if (publicKey && header.alg === publicKey.algorithm) return publicKey.key;
      throw new joseErrors.JOSEAlgNotAllowed('algorithm not allowed');
    };
  }

  get canIssue(): boolean {
    return this.#config.secret !== undefined;
  }

  isOperatorToken(token: string): boolean {
    return timingSafeEqual(digest(token), this.#operatorDigest);
  }

  /** The member a JWT names; throws a 401 problem when it is not valid. */
  async verifyMemberToken(token: string): Promise<string> {
    const now = Date.now();
    const hit = this.#cache.get(token);
    if (hit) {
      if (hit.expMs > now) return hit.sub;
      this.#cache.delete(token);
      throw problem.invalidToken('the token has expired');
    }
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.#getKey, { algorithms: this.#algorithms, requiredClaims: ['exp', 'sub'] }));
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) throw problem.invalidToken('the token has expired');
      if (e instanceof joseErrors.JWTClaimValidationFailed) throw problem.invalidToken(`the token's ${e.claim} claim is missing or invalid`);
      throw problem.invalidToken('the token is not a valid JWT signed with the configured key');
    }
    const sub = payload.sub;
    if (!isId(sub)) throw problem.invalidToken('the token\'s sub is not a member id');
    if (this.#cache.size >= 50_000) this.#cache.clear();
    this.#cache.set(token, { sub, expMs: (payload.exp as number) * 1000 });
    return sub;
  }

  /** The principal of a bearer token (operator or member); throws 401 when invalid. */
  async principalOfToken(token: string): Promise<Principal> {
    // A member token seen before is a map lookup; only then hash for the operator comparison.
    if (this.#cache.has(token)) return { kind: 'member', memberId: await this.verifyMemberToken(token) };
    if (this.isOperatorToken(token)) return { kind: 'operator' };
    return { kind: 'member', memberId: await this.verifyMemberToken(token) };
  }

  /** A member token (demo picker, tests); only with an HS256 secret. */
  async issueMemberToken(memberId: string, ttlSeconds = 8 * 3600): Promise<string> {
    if (!this.#config.secret) throw new Error('tokens can only be issued with an HS256 secret');
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({}).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(memberId).setIssuedAt(now).setExpirationTime(now + ttlSeconds).sign(this.#config.secret);
  }
}

/** `Authorization: Bearer <token>` → the token; undefined without one; 401 when malformed. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  const m = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(header);
  if (!m) throw problem.invalidToken('the Authorization header is not "Bearer <token>"');
  return m[1]!;
}
