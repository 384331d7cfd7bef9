/**
 * `consentgate import` (spec §6): validates and writes JSON Lines files in the fixed order members,
 * groups, content, consent, notices, objections, all in one transaction: the first bad line stops
 * the import with its file, line, field, expected and received, and the store is left as it was.
 * A ledger line identical to an entry written by an earlier import is skipped (idempotence).
 */
import { statSync } from 'node:fs';
import type { ContentItem, Group, Member } from '../domain/entities.js';
import { ConsentgateError, type Issue } from '../domain/issues.js';
import { formatTime } from '../domain/time.js';
import { entryKey, unsealedBody, type UnsealedEntry } from '../ledger/seal.js';
import type { ImportCounts, ImportSession, Store } from '../storage/store.js';
import { lineBatches } from './line-batches.js';
import { isIssue, readConsent, readContent, readGroup, readMember, readNotice, readObjection } from './line-readers.js';

export const IMPORT_ORDER = ['members', 'groups', 'content', 'consent', 'notices', 'objections'] as const;
export type ImportKind = (typeof IMPORT_ORDER)[number];
export type ImportFiles = Partial<Record<ImportKind, string>>;

export interface ImportOptions {
  /** Called with bytes done and bytes in all; for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

export async function importFiles(store: Store, files: ImportFiles, options: ImportOptions = {}): Promise<ImportCounts> {
  const order = IMPORT_ORDER.filter((k) => files[k] !== undefined);
  const sizes = new Map<ImportKind, number>();
  for (const k of order) {
    try {
      sizes.set(k, statSync(files[k]!).size);
    } catch (cause) {
      throw new ConsentgateError('import-unreadable', [{ file: files[k]!, message: `cannot read the ${k} file: ${(cause as Error).message}` }], { cause });
    }
  }
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  const counts: ImportCounts = { members: 0, groups: 0, content: 0, consent: 0, notices: 0, objections: 0, skipped: 0 };
  await store.importSession(async (session) => {
    let before = 0;
    for (const kind of order) {
      const path = files[kind]!;
      for await (const batch of lineBatches(path)) {
        await importBatch(kind, path, batch.first, batch.lines, session, store.secret, counts);
        options.onProgress?.(before + batch.bytes, total);
      }
      before += sizes.get(kind)!;
    }
  });
  return counts;
}

const READERS = { members: readMember, groups: readGroup, content: readContent, consent: readConsent, notices: readNotice, objections: readObjection };

async function importBatch(kind: ImportKind, file: string, first: number, lines: string[], session: ImportSession, secret: Buffer, counts: ImportCounts): Promise<void> {
  const values: unknown[] = [];
  const lineNos: number[] = [];
  const fail = (lineNo: number, issue: Issue): never => {
    throw new ConsentgateError('bad-line', [{ ...issue, file, line: lineNo }]);
  };
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    if (text.trim() === '') continue;
    const lineNo = first + i;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      fail(lineNo, { message: `not valid JSON: ${(e as Error).message}`, expected: 'one JSON object', received: text.length > 40 ? `${text.slice(0, 37)}...` : text });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      fail(lineNo, { message: 'a line must be one JSON object', expected: 'an object', received: Array.isArray(parsed) ? 'an array' : String(parsed) });
    }
    const value = READERS[kind](parsed as Record<string, unknown>);
    if (isIssue(value)) fail(lineNo, value);
    values.push(value);
    lineNos.push(lineNo);
  }
  if (values.length === 0) return;

  switch (kind) {
    case 'members':
    {
      const n = await session.writeMembers(values as Member[]);
      counts.members += n;
      counts.skipped += values.length - n;
      break;
    }
    case 'groups': {
      const n = await session.writeGroups(values as Group[]);
      counts.groups += n;
      counts.skipped += values.length - n;
      break;
    }
    case 'content': {
      const items = values as ContentItem[];
      const members = await session.knownMembers(items.map((c) => c.memberId));
      const groupIds = items.flatMap((c) => (c.groupId === undefined ? [] : [c.groupId]));
      const groups = groupIds.length > 0 ? await session.knownGroups(groupIds) : new Set<string>();
      const identity = await session.itemIdentity(items.map((c) => c.id));
      items.forEach((c, i) => {
        const lineNo = lineNos[i]!;
        if (!members.has(c.memberId)) fail(lineNo, { field: 'memberId', message: `unknown member ${c.memberId}`, expected: 'the id of an imported member', received: c.memberId });
        if (c.groupId !== undefined && !groups.has(c.groupId)) fail(lineNo, { field: 'groupId', message: `unknown group ${c.groupId}`, expected: 'the id of an imported group', received: c.groupId });
        const known = identity.get(c.id);
        if (known === undefined) identity.set(c.id, { memberId: c.memberId, createdAt: c.createdAt });
        else if (known.memberId !== c.memberId) fail(lineNo, { field: 'memberId', message: `item ${c.id} has another author in an earlier row`, expected: known.memberId, received: c.memberId });
        else if (known.createdAt !== c.createdAt) fail(lineNo, { field: 'createdAt', message: `item ${c.id} has another createdAt in an earlier row`, expected: formatTime(known.createdAt), received: formatTime(c.createdAt) });
      });
      const n = await session.writeContent(items);
      counts.content += n;
      counts.skipped += items.length - n;
      break;
    }
    case 'consent':
    case 'notices':
    case 'objections': {
      const entries = values.map((v) => toUnsealed(kind, v));
      const keys = entries.map((u) => {
        const body = unsealedBody(u, secret);
        const key = entryKey(body);
        u.sealed = { body, key };
        return key;
      });
      const existing = await session.existingEntryKeys(keys);
      const fresh = entries.filter((_, i) => !existing.has(keys[i]!));
      counts.skipped += entries.length - fresh.length;
      if (fresh.length > 0) await session.appendEntries(fresh);
      counts[kind] += fresh.length;
      break;
    }
  }
}

function toUnsealed(kind: 'consent' | 'notices' | 'objections', v: unknown): UnsealedEntry {
  if (kind === 'notices') return { kind: 'notice', notice: v as never };
  if (kind === 'consent') {
    const { evidence, ...event } = v as ReturnType<typeof readConsent> & { evidence?: Record<string, unknown> };
    return evidence === undefined ? { kind: 'consent', event: event as never } : { kind: 'consent', event: event as never, personalData: { category: 'evidence', data: { evidence } } };
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
