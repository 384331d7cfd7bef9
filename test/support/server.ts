/**
 * The real web server (`consentgate serve`) as a child process, with known keys, rate limits off
 * and quiet logs, on an ephemeral port of 127.0.0.1. Requests use the operator token or member
 * JWTs signed with the test secret.
 */
import { join } from 'node:path';
import { SignJWT } from 'jose';
import type { Store } from '../../src/storage/store.js';
import { buildDir, startChild } from './children.js';

export const JWT_SECRET = 'load-test-secret-load-test-secret-0123456789';
export const OPERATOR = 'cg_op_load_test_operator_token_0123456789';

export async function startServe(db: string, extra: string[] = []) {
  const s = await startChild([join(buildDir(), 'cli', 'run.js'), 'serve', '--db', db, '--port', '0', '--no-rate-limit', '--log-level', 'warn', '--now', '2025-11-10T12:00:00Z', ...extra],
    /Member portal\s+(http:\/\/127\.0\.0\.1:\d+)\//, { env: { CONSENTGATE_JWT_SECRET: JWT_SECRET, CONSENTGATE_OPERATOR_TOKEN: OPERATOR }, timeoutMs: 60_000 });
  return { ...s, url: s.match[1]! };
}

export async function memberToken(id: string): Promise<string> {
  return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(id).setExpirationTime('2h').sign(new TextEncoder().encode(JWT_SECRET));
}

export interface Call {
  method: 'GET' | 'PUT' | 'POST';
  path: string;
  body?: unknown;
  token?: string;
}

export async function call(base: string, c: Call): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${base}${c.path}`, {
    method: c.method,
    headers: { authorization: `Bearer ${c.token ?? OPERATOR}`, ...(c.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(c.body !== undefined ? { body: JSON.stringify(c.body) } : {}),
  });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: kept as text for the message
  }
  return { status: res.status, json };
}

/** Members `m-0 … m-(n-1)` in a few countries, and `items` posts spread over them. */
export async function seedMembers(store: Store, n: number, items = 0): Promise<void> {
  const countries = ['NL', 'US', 'DE', 'GB', 'FR', 'CN'];
  await store.importSession(async (s) => {
    await s.writeMembers(Array.from({ length: n }, (_, i) => ({ id: `m-${i}`, name: `Member ${i}`, country: countries[i % countries.length]!, joinedAt: Date.UTC(2020, 0, 1) })));
    if (items > 0) {
      await s.writeContent(Array.from({ length: items }, (_, i) => ({ id: `i-${i}`, memberId: `m-${i % n}`, kind: 'post' as const, visibility: 'public' as const, createdAt: Date.UTC(2025, 0, 1) + i, text: `post ${i} mail me at m${i}@example.org` })));
    }
    await s.appendEntries(Array.from({ length: Math.min(n, 200) }, (_, i) => ({ kind: 'notice' as const, notice: { subject: `m-${i}`, at: Date.UTC(2025, 8, 20), noticeVersion: 'eu-2025-11', channel: 'email' as const } })));
  });
}
