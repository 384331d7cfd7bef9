/**
 * RFC 9457 problem details. Every API error leaves as `application/problem+json` with `type`,
 * `title`, `status`, `detail` and `instance`, plus a stable `code` and, for invalid requests, the
 * list of what is wrong (`errors`). Types are relative URIs under `/problems/`, which the server
 * answers with a page that explains them.
 */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  [extension: string]: unknown;
}

export class HttpProblem extends Error {
  readonly statusCode: number;
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
    this.name = 'HttpProblem';
    this.statusCode = status;
  }

  body(instance?: string): ProblemBody {
    const b: ProblemBody = { type: `/problems/${this.code}`, title: this.title, status: this.status, code: this.code };
    if (this.detail !== undefined) b.detail = this.detail;
    if (instance !== undefined) b.instance = instance;
    return { ...b, ...this.extra };
  }
}

export const PROBLEM_TYPES: Record<string, { title: string; status: number; explain: string }> = {
  'not-found': { title: 'Not found', status: 404, explain: 'There is nothing at this path, or the resource it names does not exist.' },
  unauthorized: { title: 'Authentication required', status: 401, explain: 'Send `Authorization: Bearer <token>`: a member JWT signed by the platform, or the operator token.' },
  'invalid-token': { title: 'Invalid token', status: 401, explain: 'The bearer token is not a valid, unexpired JWT signed with the configured key, nor the operator token.' },
  forbidden: { title: 'Forbidden', status: 403, explain: 'The token is valid but does not allow this: a member may only read and change their own data; some routes are for operators only.' },
  'invalid-request': { title: 'Invalid request', status: 400, explain: 'The request does not match its schema; `errors` lists each problem with where it is.' },
  'bad-csrf-token': { title: 'Invalid form token', status: 403, explain: 'The form was not sent from this site (the CSRF token is missing or wrong). Reload the page and submit again.' },
  'rate-limited': { title: 'Too many requests', status: 429, explain: 'Too many submissions from this address or about this subject in a short time. Wait for `Retry-After` seconds.' },
  'unsupported-media-type': { title: 'Unsupported media type', status: 415, explain: 'Send JSON (`application/json`) to the API, and HTML forms as `application/x-www-form-urlencoded`.' },
  'payload-too-large': { title: 'Payload too large', status: 413, explain: 'The request body is larger than the server accepts.' },
  'uri-too-long': { title: 'URI too long', status: 414, explain: 'A part of the request path is longer than the server accepts.' },
  'not-yet-created': { title: 'Not yet created', status: 422, explain: 'The item did not exist at the as-of moment asked for.' },
  conflict: { title: 'Conflict', status: 409, explain: 'The request conflicts with the current state.' },
  unavailable: { title: 'Not available', status: 503, explain: 'This server was started without what the request needs (for example no dataset builder).' },
  internal: { title: 'Internal error', status: 500, explain: 'Something went wrong on the server; it has been logged.' },
};

function known(code: keyof typeof PROBLEM_TYPES, detail?: string, extra?: Record<string, unknown>, headers?: Record<string, string>): HttpProblem {
  const p = PROBLEM_TYPES[code]!;
  return new HttpProblem(p.status, code, p.title, detail, extra, headers);
}

export const problem = {
  notFound: (detail?: string) => known('not-found', detail),
  unauthorized: (detail = 'This resource needs a bearer token.') => known('unauthorized', detail, {}, { 'www-authenticate': 'Bearer realm="consentgate"' }),
  invalidToken: (detail: string) => known('invalid-token', detail, {}, { 'www-authenticate': `Bearer realm="consentgate", error="invalid_token", error_description="${detail.replace(/["\\]/g, '')}"` }),
  forbidden: (detail: string) => known('forbidden', detail),
  invalid: (detail: string, errors: { in?: string; path: string; message: string }[] = []) => known('invalid-request', detail, { errors }),
  csrf: () => known('bad-csrf-token', 'The form token is missing or does not match.'),
  rateLimited: (retryAfterSeconds: number, scope: string) =>
    known('rate-limited', `Too many submissions ${scope}. Try again in ${retryAfterSeconds} s.`, { retryAfter: retryAfterSeconds }, { 'retry-after': String(retryAfterSeconds) }),
  notYetCreated: (detail: string) => known('not-yet-created', detail),
  conflict: (detail: string) => known('conflict', detail),
  unavailable: (detail: string) => known('unavailable', detail),
};
