/**
 * The store-free half of import: a batch of lines to validated entities, and, for the ledger's
 * kinds, to unsealed entries with their key and canonical JSON computed (HMAC of personal data
 * included). Runs on a worker thread when there is one (see `parsed-batches.ts`), so its results are
 * plain data that structured clone carries.
 */
import type { ContentItem, Group, Member } from '../domain/entities.js';
import type { Issue } from '../domain/issues.js';
import type { LedgerCopy } from '../storage/store.js';
import { sealCommitted, unsealedBody, type ChainAhead, type CommittedBody, type UnsealedEntry } from '../ledger/seal.js';
import { isIssue, readConsent, readContent, readGroup, readMember, readNotice, readObjection } from './line-readers.js';

export const IMPORT_ORDER = ['members', 'groups', 'content', 'consent', 'notices', 'objections'] as const;
export type ImportKind = (typeof IMPORT_ORDER)[number];

export type ParsedBatch =
  | { kind: 'members'; values: Member[]; lineNos: number[]; bad?: Issue }
  | { kind: 'groups'; values: Group[]; lineNos: number[]; bad?: Issue }
  | { kind: 'content'; values: ContentItem[]; lineNos: number[]; bad?: Issue }
  | { kind: 'consent' | 'notices' | 'objections'; values: UnsealedEntry[]; lineNos: number[]; bad?: Issue; copy?: LedgerCopy };

const READERS = { members: readMember, groups: readGroup, content: readContent, consent: readConsent, notices: readNotice, objections: readObjection };

/**
 * Reads the lines of one batch (`first` is the number of `lines[0]`); with `chain`, seals the
 * ledger's entries ahead on the guess that none is skipped. With `bodiesOnly`, a ledger entry stops
 * at its body and personal data (`committed`): the thread that receives the batch makes its key and
 * seals it (see `decodeBatch`). A bad line ends the batch:
 * the lines before it are returned with the issue (file and line set), so that checks against the
 * store of those earlier lines still come first.
 */
export function parseBatch(kind: ImportKind, file: string, first: number, lines: readonly string[], secret: Buffer, chain?: ChainAhead, bodiesOnly = false): ParsedBatch {
  const values: unknown[] = [];
  const lineNos: number[] = [];
  const read = READERS[kind];
  const ledger = kind === 'consent' || kind === 'notices' || kind === 'objections';
  let bad: Issue | undefined;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    if (text.trim() === '') continue;
    const lineNo = first + i;
    const issue = (found: Issue): void => {
      bad = { ...found, file, line: lineNo };
    };
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      issue({ message: `not valid JSON: ${(e as Error).message}`, expected: 'one JSON object', received: text.length > 40 ? `${text.slice(0, 37)}...` : text });
      break;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      issue({ message: 'a line must be one JSON object', expected: 'an object', received: Array.isArray(parsed) ? 'an array' : String(parsed) });
      break;
    }
    const value = read(parsed as Record<string, unknown>);
    if (isIssue(value)) {
      issue(value);
      break;
    }
    if (ledger) {
      const u = toUnsealed(kind, value);
      const body = unsealedBody(u, secret);
      const committed: CommittedBody = u.kind === 'consent' && u.personalData ? { body, dataJson: JSON.stringify(u.personalData.data) } : { body };
      if (bodiesOnly) {
        u.committed = committed;
      } else {
        u.sealed = sealCommitted(committed, chain);
      }
      values.push(u);
    } else {
      values.push(value);
    }
    lineNos.push(lineNo);
  }
  const out = { kind, values, lineNos } as ParsedBatch;
  if (bad !== undefined) out.bad = bad;
  return out;
}

function toUnsealed(kind: 'consent' | 'notices' | 'objections', v: unknown): UnsealedEntry {
  if (kind === 'notices') return { kind: 'notice', notice: v as never };
  if (kind === 'consent') {
    const { evidence, ...event } = v as Exclude<ReturnType<typeof readConsent>, Issue>;
    return evidence === undefined ? { kind: 'consent', event } : { kind: 'consent', event, personalData: { category: 'evidence', data: { evidence } } };
  }
  const o = v as Exclude<ReturnType<typeof readObjection>, Issue>;
  const identifiers: Record<string, unknown> = {};
  if (o.name !== undefined) identifiers.name = o.name;
  if (o.emails !== undefined) identifiers.emails = o.emails;
  if (o.handles !== undefined) identifiers.handles = o.handles;
  if (o.urls !== undefined) identifiers.urls = o.urls;
  const event = { subject: o.id, at: o.at, purpose: o.purpose, choice: 'deny' as const, method: 'objection-form' as const };
  return Object.keys(identifiers).length === 0 ? { kind: 'consent', event } : { kind: 'consent', event, personalData: { category: 'identifiers', data: identifiers } };
}
