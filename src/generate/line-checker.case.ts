/**
 * A small, independent checker of the generator's files against spec §2 and §6 (field types, enums,
 * ids, times, unknown keys, references, versioned rows). Test-only: it is deliberately written apart
 * from the importer so that the two can disagree.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const KINDS = new Set([
  'profile', 'post', 'article', 'comment', 'poll-response', 'group-post', 'group-message', 'ai-prompt', 'ai-feedback',
  'saved-resume', 'private-message', 'inmail', 'job-application', 'salary', 'payment', 'credential',
]);
const VISIBILITIES = new Set(['public', 'connections', 'group', 'private']);
const PURPOSES = new Set(['train-ai', 'train-genai', 'train-personalization', 'share-affiliates-ads']);
const METHODS = new Set(['setting', 'objection-form', 'gpc', 'intent', 'import', 'api', 'admin']);
const CHANNELS = new Set(['in-app', 'email', 'banner']);
// ISO 3166-1 alpha-2 codes the generator may use are checked against the domain list by the caller.

export type Row = Record<string, unknown>;

export interface Problem {
  file: string;
  line: number;
  message: string;
}

export function readRows(dir: string, file: string): Row[] {
  const text = readFileSync(join(dir, file), 'utf8');
  const rows: Row[] = [];
  for (const line of text.split('\n')) if (line !== '') rows.push(JSON.parse(line) as Row);
  return rows;
}

function isTime(v: unknown): boolean {
  return typeof v === 'string' && TIME.test(v) && new Date(v).toISOString() === v;
}

function isDate(v: unknown): boolean {
  return typeof v === 'string' && DATE.test(v) && new Date(`${v}T00:00:00.000Z`).toISOString().slice(0, 10) === v;
}

function isStringArray(v: unknown): boolean {
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x.length > 0);
}

type FieldCheck = (v: unknown) => boolean;
interface Shape {
  required: Record<string, FieldCheck>;
  optional: Record<string, FieldCheck>;
}

const str: FieldCheck = (v) => typeof v === 'string' && v.length > 0;
const id: FieldCheck = (v) => typeof v === 'string' && ID.test(v);

export function shapes(isCountry: (v: unknown) => boolean): Record<string, Shape> {
  return {
    'members.jsonl': {
      required: { id, name: str, country: isCountry, joinedAt: isTime },
      optional: { birthDate: isDate, closedAt: isTime, inSecondarySchool: (v) => typeof v === 'boolean', validFrom: isTime },
    },
    'groups.jsonl': { required: { id, name: str }, optional: { category: str, validFrom: isTime } },
    'content.jsonl': {
      required: {
        id, memberId: id, kind: (v) => KINDS.has(v as string), visibility: (v) => VISIBILITIES.has(v as string),
        createdAt: isTime, text: (v) => typeof v === 'string',
      },
      optional: { groupId: id, deletedAt: isTime, validFrom: isTime },
    },
    'consent.jsonl': {
      required: {
        subject: id, at: isTime, purpose: (v) => PURPOSES.has(v as string), choice: (v) => v === 'allow' || v === 'deny',
        method: (v) => METHODS.has(v as string),
      },
      optional: { noticeVersion: str, evidence: (v) => typeof v === 'object' && v !== null && !Array.isArray(v) },
    },
    'notices.jsonl': { required: { subject: id, at: isTime, noticeVersion: str, channel: (v) => CHANNELS.has(v as string) }, optional: {} },
    'objections.jsonl': {
      required: { id, at: isTime },
      optional: {
        purpose: (v) => PURPOSES.has(v as string), name: str, emails: isStringArray, handles: isStringArray, urls: isStringArray,
      },
    },
  };
}

/** Every problem of every line of the six files; an empty list when all is well. */
export function checkDir(dir: string, isCountry: (v: unknown) => boolean): Problem[] {
  const problems: Problem[] = [];
  const all = shapes(isCountry);
  const rowsOf: Record<string, Row[]> = {};
  for (const [file, shape] of Object.entries(all)) {
    const rows = readRows(dir, file);
    rowsOf[file] = rows;
    rows.forEach((row, i) => {
      const line = i + 1;
      for (const [k, check] of Object.entries(shape.required)) {
        if (!(k in row)) problems.push({ file, line, message: `missing ${k}` });
        else if (!check(row[k])) problems.push({ file, line, message: `bad ${k}: ${JSON.stringify(row[k])}` });
      }
      for (const [k, v] of Object.entries(row)) {
        if (k in shape.required) continue;
        const check = shape.optional[k];
        if (check === undefined) problems.push({ file, line, message: `unknown key ${k}` });
        else if (v === null || !check(v)) problems.push({ file, line, message: `bad ${k}: ${JSON.stringify(v)}` });
      }
    });
  }
  const members = new Set((rowsOf['members.jsonl'] ?? []).map((r) => r.id));
  const groups = new Set((rowsOf['groups.jsonl'] ?? []).map((r) => r.id));
  const firstRow = new Map<unknown, Row>();
  (rowsOf['content.jsonl'] ?? []).forEach((r, i) => {
    const file = 'content.jsonl';
    if (!members.has(r.memberId)) problems.push({ file, line: i + 1, message: `unknown member ${String(r.memberId)}` });
    if (r.groupId !== undefined && !groups.has(r.groupId)) problems.push({ file, line: i + 1, message: `unknown group ${String(r.groupId)}` });
    const first = firstRow.get(r.id);
    if (first === undefined) firstRow.set(r.id, r);
    else if (first.createdAt !== r.createdAt || first.memberId !== r.memberId) {
      problems.push({ file, line: i + 1, message: `rows of ${String(r.id)} disagree on createdAt or memberId` });
    }
  });
  (rowsOf['consent.jsonl'] ?? []).forEach((r, i) => {
    if ((r.method === 'objection-form' || r.method === 'gpc') && r.choice !== 'deny') {
      problems.push({ file: 'consent.jsonl', line: i + 1, message: `${String(r.method)} must be a deny` });
    }
  });
  return problems;
}
