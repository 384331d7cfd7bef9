/**
 * An import session on PostgreSQL: one transaction on one connection, holding the ledger lock.
 *
 * Writes are pipelined: a batch's COPY is queued on the session's connection and the import goes on
 * parsing, validating and sealing the next batch while PostgreSQL takes it. Reads that must see the
 * session's own rows queue behind the writes on the same connection; the skip check of ledger lines
 * (`existingEntryKeys`) only looks at entries committed before the session began, so it runs on
 * another connection and does not wait. The first failure fails every later step and the commit.
 */
import type pg from 'pg';
import type { ContentItem, Group, Member } from '../../domain/entities.js';
import type { Millis } from '../../domain/time.js';
import type { LedgerEntry, LedgerHead } from '../../ledger/entry.js';
import { sealEntries, type UnsealedEntry } from '../../ledger/seal.js';
import { tallyEntries, type CommitTally } from '../../ops/metrics.js';
import type { ImportSession, LedgerCopy } from '../store.js';
import { copyRows } from './postgres-copy.js';
import { CONTENT_COLUMNS, GROUP_COLUMNS, groupValues, itemValues, MEMBER_COLUMNS, memberValues, sameValues, type PgValue } from './postgres-rows.js';
import { copyKeys } from './postgres-ledger-copy.js';
import { writeCopyText, writeSealed } from './postgres-write.js';

const unique = (list: readonly string[]) => [...new Set(list)];

/** Planner settings for the per-batch lookups of a bulk import (see `importSession`). */
export const IMPORT_PLANNER = ['enable_seqscan = off', 'max_parallel_workers_per_gather = 0'];

export class PgImportSession implements ImportSession {
  /**
   * Each batch costs round trips here (its lookups, its COPY), so batches stay at the 1,024 lines
   * this backend was measured with, four times import's default.
   */
  readonly batchLines = 1024;
  #tail: Promise<void> = Promise.resolve();
  #inflight: Promise<unknown> = Promise.resolve();
  #error: { e: unknown } | undefined;
  #head: LedgerHead;

  constructor(
    private readonly c: pg.ClientBase,
    private readonly pool: pg.Pool,
    private readonly start: LedgerHead,
    private readonly secret: Buffer,
    readonly tally: CommitTally,
  ) {
    this.#head = start;
  }

  /** Runs `fn` on the session's connection after everything queued before it. */
  #run<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.#tail.then(() => {
      if (this.#error) throw this.#error.e;
      return fn();
    });
    this.#tail = p.then(() => undefined, (e: unknown) => {
      this.#error ??= { e };
    });
    return p;
  }

  /**
   * Queues a write without waiting for it; a failure surfaces at the next read, append or `flush`.
   * One write in flight at a time: queueing the next waits for the one before, so the pipeline is
   * one batch deep and memory stays flat when PostgreSQL is the slower side.
   */
  async #queue(fn: () => Promise<unknown>): Promise<void> {
    await this.#inflight;
    if (this.#error) throw this.#error.e;
    this.#inflight = this.#run(fn).catch(() => undefined);
  }

  /** Waits for every queued write; throws the first failure. Called before COMMIT. */
  async flush(): Promise<void> {
    await this.#tail;
    if (this.#error) throw this.#error.e;
  }

  #ids(sql: string, list: readonly string[]): Promise<Set<string>> {
    return this.#run(async () => new Set((await this.c.query<{ id: string }>(sql, [unique(list)])).rows.map((r) => r.id)));
  }

  knownMembers(ids: readonly string[]): Promise<Set<string>> {
    return this.#ids('SELECT DISTINCT id FROM member_rows WHERE id = ANY($1::text[])', ids);
  }

  knownGroups(ids: readonly string[]): Promise<Set<string>> {
    return this.#ids('SELECT DISTINCT id FROM group_rows WHERE id = ANY($1::text[])', ids);
  }

  itemIdentity(ids: readonly string[]): Promise<Map<string, { memberId: string; createdAt: Millis }>> {
    return this.#run(async () => {
      const rows = await this.c.query<{ id: string; member_id: string; created_at: number }>(
        'SELECT DISTINCT ON (id) id, member_id, created_at FROM content_rows WHERE id = ANY($1::text[]) ORDER BY id, ord', [unique(ids)]);
      return new Map(rows.rows.map((r) => [r.id, { memberId: r.member_id, createdAt: r.created_at }]));
    });
  }

  writeMembers(rows: readonly Member[]): Promise<number> {
    return this.#writeRows('member_rows', MEMBER_COLUMNS, rows.map(memberValues), 1);
  }

  writeGroups(rows: readonly Group[]): Promise<number> {
    return this.#writeRows('group_rows', GROUP_COLUMNS, rows.map(groupValues), 1);
  }

  writeContent(rows: readonly ContentItem[]): Promise<number> {
    return this.#writeRows('content_rows', CONTENT_COLUMNS, rows.map(itemValues), 8);
  }

  /** Writes versioned rows, skipping one identical to the row in force for its (id, validFrom). */
  async #writeRows(table: string, columns: readonly string[], all: PgValue[][], validFromIndex: number): Promise<number> {
    if (all.length === 0) return 0;
    const key = (v: readonly PgValue[]) => `${String(v[0])}\u0000${v[validFromIndex] === null ? '' : String(v[validFromIndex])}`;
    const latest = await this.#run(() => this.c.query<PgValue[]>({
      text: `SELECT DISTINCT ON (id, valid_from) ${columns.join(', ')} FROM ${table} WHERE id = ANY($1::text[]) ORDER BY id, valid_from, ord DESC`,
      values: [unique(all.map((v) => v[0] as string))],
      rowMode: 'array',
    }));
    const last = new Map<string, readonly PgValue[]>();
    for (const r of latest.rows) last.set(key(r), r);
    const fresh: PgValue[][] = [];
    for (const v of all) {
      const k = key(v);
      const prev = last.get(k);
      if (prev && sameValues(prev, v)) continue;
      fresh.push(v);
      last.set(k, v);
    }
    this.#rows += fresh.length;
    if (fresh.length > 0) this.written.add(table);
    if (fresh.length > 0) await this.#queue(() => copyRows(this.c, table, columns, fresh));
    return fresh.length;
  }

  async existingEntryKeys(keys: readonly string[]): Promise<Set<string>> {
    if (this.#error) throw this.#error.e;
    // Committed entries only (seq <= the head the session began at): none in an empty ledger.
    if (this.start.seq === 0) return new Set();
    // Another connection will do: it sees what was committed before the session.
    const lookup = await this.#lookupClient();
    const rows = await lookup.query<{ entry_key: string }>('SELECT entry_key FROM ledger WHERE entry_key = ANY($1::text[]) AND seq <= $2', [unique(keys), this.start.seq]);
    return new Set(rows.rows.map((r) => r.entry_key));
  }

  #lookup: Promise<pg.PoolClient> | undefined;
  #lookupClient(): Promise<pg.PoolClient> {
    this.#lookup ??= (async () => {
      const client = await this.pool.connect();
      // Statistics lag behind a bulk import: without this the planner may scan the whole table for
      // every batch's lookup, which makes an import quadratic. Index lookups are right here.
      await client.query(IMPORT_PLANNER.map((x) => `SET ${x}`).join('; '));
      return client;
    })();
    return this.#lookup;
  }

  /** Gives the lookup connection back (reset), after the session's transaction ended. */
  async release(): Promise<void> {
    const lookup = this.#lookup;
    this.#lookup = undefined;
    if (!lookup) return;
    const client = await lookup.catch(() => undefined);
    if (!client) return;
    try {
      await client.query('RESET enable_seqscan; RESET max_parallel_workers_per_gather');
      client.release();
    } catch (e) {
      client.release(true);
      void e;
    }
  }

  /** The tables this session wrote to (whose statistics a large import refreshes). */
  readonly written = new Set<string>();

  /** Rows written in this session (entities and entries), to decide whether statistics need a refresh. */
  get rowsWritten(): number {
    return this.#rows;
  }
  #rows = 0;

  async appendEntries(entries: readonly UnsealedEntry[]): Promise<LedgerEntry[]> {
    if (this.#error) throw this.#error.e;
    const sealed = sealEntries(this.#head, entries, this.secret);
    const last = sealed.at(-1)?.entry;
    if (last) this.#head = { seq: last.seq, hash: last.hash };
    await this.#queue(() => writeSealed(this.c, sealed));
    this.written.add('ledger');
    if (sealed.some((w) => w.personalData)) this.written.add('personal_data');
    const out = sealed.map((w) => w.entry);
    this.#rows += out.length;
    tallyEntries(out, this.tally);
    return out;
  }

  async appendLedgerCopy(copy: LedgerCopy): Promise<boolean> {
    if (this.#error) throw this.#error.e;
    const moved = () => copy.after.seq !== this.#head.seq || copy.after.hash !== this.#head.hash;
    if (moved()) return false;
    if (this.start.seq > 0 && ((await this.existingEntryKeys(copyKeys(copy))).size > 0 || moved())) return false;
    this.#head = copy.head;
    await this.#queue(() => writeCopyText(this.c, copy.ledger, copy.personalData));
    this.written.add('ledger');
    if (copy.personalData.length > 0) this.written.add('personal_data');
    this.#rows += copy.consent + copy.notice;
    this.tally.consent += copy.consent;
    this.tally.notice += copy.notice;
    this.tally.headSeq = copy.head.seq;
    return true;
  }
}
