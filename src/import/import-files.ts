/**
 * `consentgate import` (spec §6): validates and writes JSON Lines files in the fixed order members,
 * groups, content, consent, notices, objections, all in one transaction: the first bad line stops
 * the import with its file, line, field, expected and received, and the store is left as it was.
 * A ledger line identical to an entry written by an earlier import is skipped (idempotence).
 */
import { statSync } from 'node:fs';
import { ConsentgateError, type Issue } from '../domain/issues.js';
import { formatTime } from '../domain/time.js';
import type { ImportCounts, ImportSession, Store } from '../storage/store.js';
import { IMPORT_ORDER, type ImportKind, type ParsedBatch } from './parse-batch.js';
import { parsedBatches } from './parsed-batches.js';

export { IMPORT_ORDER, type ImportKind };
export type ImportFiles = Partial<Record<ImportKind, string>>;

export interface ImportOptions {
  /** Called with bytes done and bytes in all; for a progress bar. */
  onProgress?: (done: number, total: number) => void;
  /** Parse on a worker thread: by default for large imports, when the compiled worker exists. */
  worker?: boolean;
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
  // Read before the session (which may hold the store's only connection) for a parsing worker to
  // seal ahead from: where the head has moved on by then, the writer seals itself.
  const head = order.some((k) => k === 'consent' || k === 'notices' || k === 'objections') ? await store.head() : undefined;
  const ledgerBytes = order.reduce((n, k) => (k === 'consent' || k === 'notices' || k === 'objections' ? n + sizes.get(k)! : n), 0);
  await store.importSession(async (session) => {
    if (ledgerBytes > 0) session.expectLedgerBytes?.(ledgerBytes);
    const done = new Map<ImportKind, number>();
    const parsed = parsedBatches(order.map((kind) => ({ kind, path: files[kind]! })), store.secret, { totalBytes: total, ...(options.worker === undefined ? {} : { worker: options.worker }), ...(head === undefined ? {} : { head }), copy: session.appendLedgerCopy !== undefined, ...(session.batchLines === undefined ? {} : { batchLines: session.batchLines }) });
    for await (const { batch, bytes } of parsed) {
      await writeBatch(batch, files[batch.kind]!, session, counts);
      if (batch.bad) throw new ConsentgateError('bad-line', [batch.bad]);
      done.set(batch.kind, bytes);
      if (options.onProgress) options.onProgress([...done.values()].reduce((a, b) => a + b, 0), total);
    }
  }, { bytes: total });
  return counts;
}

/** The store's half of a batch: checks against what is stored, then the writes. */
async function writeBatch(batch: ParsedBatch, file: string, session: ImportSession, counts: ImportCounts): Promise<void> {
  if (batch.lineNos.length === 0) return;
  const { lineNos } = batch;
  const fail = (lineNo: number, issue: Issue): never => {
    throw new ConsentgateError('bad-line', [{ ...issue, file, line: lineNo }]);
  };
  switch (batch.kind) {
    case 'members': {
      const n = await session.writeMembers(batch.values);
      counts.members += n;
      counts.skipped += batch.values.length - n;
      break;
    }
    case 'groups': {
      const n = await session.writeGroups(batch.values);
      counts.groups += n;
      counts.skipped += batch.values.length - n;
      break;
    }
    case 'content': {
      const items = batch.values;
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
      // Rows the parser wrote, where the backend can take them as they are.
      if (batch.copy !== undefined && (await session.appendLedgerCopy?.(batch.copy)) === true) {
        counts[batch.kind] += batch.copy.consent + batch.copy.notice;
        break;
      }
      const entries = batch.values;
      const keys = entries.map((u) => u.sealed!.key);
      const existing = await session.existingEntryKeys(keys);
      const fresh = existing.size === 0 ? entries : entries.filter((_, i) => !existing.has(keys[i]!));
      counts.skipped += entries.length - fresh.length;
      if (fresh.length > 0 && (await session.appendSealedAhead?.(fresh)) !== true) await session.appendEntries(fresh);
      counts[batch.kind] += fresh.length;
      break;
    }
  }
}
