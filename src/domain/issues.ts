/**
 * Expected failures are data: an issue says what is wrong and where (file, line from 1, column,
 * field), what was expected and what was received. Unexpected ones are few error classes.
 */
export interface Issue {
  message: string;
  file?: string;
  line?: number;
  column?: number;
  field?: string;
  expected?: string;
  received?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; issues: [Issue, ...Issue[]] };

/** One line, as the spec wants errors printed: `file:line:column: field: message (expected X, got Y)`. */
export function formatIssue(issue: Issue): string {
  const where = [issue.file, issue.line, issue.column].filter((p) => p !== undefined).join(':');
  const field = issue.field ? `${issue.field}: ` : '';
  const parts = [issue.expected !== undefined ? `expected ${issue.expected}` : '', issue.received !== undefined ? `got ${issue.received}` : ''].filter(Boolean);
  const detail = parts.length > 0 ? ` (${parts.join(', ')})` : '';
  return `${where ? `${where}: ` : ''}${field}${issue.message}${detail}`;
}

/** A failure the caller is expected to show to a person: bad input, a refused command. */
export class ConsentgateError extends Error {
  readonly issues: Issue[];
  readonly code: string;
  constructor(code: string, issues: Issue[] | string, options?: { cause?: unknown }) {
    const list = typeof issues === 'string' ? [{ message: issues }] : issues;
    super(list.map(formatIssue).join('\n'), options);
    this.name = 'ConsentgateError';
    this.code = code;
    this.issues = list;
  }
}

/** A short description of a received value for an issue's `received`. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
