/**
 * The storage contract. The core never sees a database: commands, the HTTP layer and the builder
 * talk to a `Store`, and each backend (SQLite, PostgreSQL) implements it. One contract suite
 * (`store.case.ts`) runs against every backend.
 *
 * Writes to the ledger go through `sealEntries` (ledger/seal.ts) inside the backend's lock, so the
 * chain is computed the same way everywhere; an acknowledged write is durable.
 */
import type { ContentItem, Group, Member } from '../domain/entities.js';
import type { Millis } from '../domain/time.js';
import type { ConsentEntry, LedgerEntry, LedgerHead, NoticeEntry } from '../ledger/entry.js';
import type { UnsealedEntry } from '../ledger/seal.js';

/** Personal data of an entry, outside the chain; the entry commits to its HMAC. */
export interface PersonalDataRow {
  seq: number;
  subject: string;
  /** `evidence` of a consent event, or the `identifiers` of an objection. */
  category: 'evidence' | 'identifiers';
  data: Record<string, unknown>;
}

/** An objection's suppression data: its ledger entry and its identifiers while they are kept. */
export interface ObjectionRecord {
  entry: ConsentEntry;
  identifiers?: { name?: string; emails?: string[]; handles?: string[]; urls?: string[] };
}

export interface SubjectLedger {
  events: ConsentEntry[];
  notices: NoticeEntry[];
}

/** What an import session expects to write, for a backend to choose how to write it. */
export interface ImportPlan {
  /** Bytes of input lines at most (SQLite writes a large import through a rollback journal). */
  bytes?: number;
}

/** What one `import` command writes, already validated; the session writes it all or nothing. */
export interface ImportSession {
  /**
   * Lines per batch that suit this backend, where it differs from import's default (`BATCH_LINES`):
   * one that makes a round trip per batch wants larger ones.
   */
  readonly batchLines?: number;
  /** Members known to the store or written earlier in this session. */
  knownMembers(ids: readonly string[]): Promise<Set<string>>;
  knownGroups(ids: readonly string[]): Promise<Set<string>>;
  /** For items already stored (or written in this session): their memberId and createdAt. */
  itemIdentity(ids: readonly string[]): Promise<Map<string, { memberId: string; createdAt: Millis }>>;
  writeMembers(rows: readonly Member[]): Promise<number>;
  writeGroups(rows: readonly Group[]): Promise<number>;
  writeContent(rows: readonly ContentItem[]): Promise<number>;
  /**
   * A hint before the first write: how many bytes of ledger lines this session will append at most,
   * so that a backend can choose a bulk plan for an import that is large against its ledger.
   */
  expectLedgerBytes?(bytes: number): void;
  /** Keys (see `entryKey`) of entries written before this session began. */
  existingEntryKeys(keys: readonly string[]): Promise<Set<string>>;
  /** Seals and writes ledger entries in order (with their personal data); returns them sealed. */
  appendEntries(entries: readonly UnsealedEntry[]): Promise<LedgerEntry[]>;
  /**
   * A backend's fast path (SQLite): writes entries the parser sealed ahead (see `ChainAhead`) as
   * they are, what `appendEntries` would write; `false`, with nothing written, unless each follows
   * the one before from the ledger's head (the caller then goes the general way).
   */
  appendSealedAhead?(entries: readonly UnsealedEntry[]): Promise<boolean>;
  /**
   * A backend's fast path (PostgreSQL): writes entries the parser sealed ahead and wrote as COPY
   * text; `false`, with nothing written, unless the ledger's head is still `copy.after` and none of
   * the entries was written before this session (the caller then goes the general way).
   */
  appendLedgerCopy?(copy: LedgerCopy): Promise<boolean>;
}

/**
 * Entries of one import batch sealed ahead after `after` (see `ChainAhead`), as PostgreSQL COPY text
 * rows in UTF-8: bytes, so that they cross from the parsing thread without a copy and go to the
 * server as they are.
 */
export interface LedgerCopy {
  after: LedgerHead;
  /** The head after the last of them. */
  head: LedgerHead;
  consent: number;
  notice: number;
  ledger: Uint8Array;
  personalData: Uint8Array;
}

export interface ImportCounts {
  members: number;
  groups: number;
  content: number;
  consent: number;
  notices: number;
  objections: number;
  skipped: number;
}

/** A dataset build as lineage records it (spec §1.5): what was built, when, from what, where. */
export interface DatasetRecord {
  id: string;
  /** The as-of moment of the build. */
  asOf: Millis;
  /** When the build finished. */
  builtAt: Millis;
  policy: { id: string; version: number; sha256: string };
  ledger: LedgerHead;
  format: 'jsonl' | 'parquet';
  /** Where the dataset was written (the `--out` folder, absolute). */
  location: string;
  /** The whole manifest.json as written. */
  manifest: Record<string, unknown>;
}

/**
 * The facts `decide` needs for a batch of items (`POST decisions`), read set-based up to one ledger
 * head. Item rows come without their text (decisions never read it). A backend may cache between
 * calls; `version` and `changed` say what a caller's own derived caches must drop.
 */
export interface DecisionFactsBatch {
  /** Changes when the backend dropped what it cached (or caches nothing: then on every call). */
  version: number;
  /** Subjects whose ledger gained entries since the previous call of the same version. */
  changed: ReadonlySet<string>;
  /** The ledger head the ledgers were read up to. */
  head: LedgerHead;
  /** Rows by item id, for every id asked (and maybe more); `null` or absent: unknown. */
  items: ReadonlyMap<string, ContentItem[] | null>;
  /** The rows of each id asked, in the order asked (`null`: unknown). */
  rows: (ContentItem[] | null)[];
  /** The authors' rows (`null`: no such member). */
  members: ReadonlyMap<string, Member[] | null>;
  groups: ReadonlyMap<string, Group[] | null>;
  /** Every author's ledger up to `head`. */
  ledgers: ReadonlyMap<string, SubjectLedger>;
}

export interface MemberItems {
  memberId: string;
  itemIds: string[];
}

export interface Store {
  readonly backend: 'sqlite' | 'postgres';
  /** Where the store is, for messages (a path, or a URL without its password). */
  readonly location: string;
  /** The store's secret for the personal-data HMAC; created with the store. */
  readonly secret: Buffer;

  close(): Promise<void>;

  /** Runs `fn` in one transaction holding the ledger lock; rolls everything back if it throws. */
  importSession<T>(fn: (session: ImportSession) => Promise<T>, plan?: ImportPlan): Promise<T>;
  /** Appends entries durably (the promise settles after the commit is on disk). */
  append(entries: readonly UnsealedEntry[]): Promise<LedgerEntry[]>;

  head(): Promise<LedgerHead>;
  /** Entries in `seq` order from `fromSeq` (default 1). */
  entries(fromSeq?: number): AsyncIterable<LedgerEntry>;
  personalData(): AsyncIterable<PersonalDataRow>;
  personalDataOf(seqs: readonly number[]): Promise<PersonalDataRow[]>;
  subjectLedger(subject: string): Promise<SubjectLedger>;
  /** Objection-form entries with `at <= asOf` in ledger order, with identifiers where still kept. */
  objections(asOf?: Millis): Promise<ObjectionRecord[]>;
  /** Erases personal data of a subject's entries; returns the seqs erased. */
  erasePersonalData(subject: string, categories: readonly PersonalDataRow['category'][]): Promise<number[]>;

  /** What deciding `itemIds` needs, in a few set-based reads (see `DecisionFactsBatch`). */
  decisionFacts(itemIds: readonly string[]): Promise<DecisionFactsBatch>;
  memberRows(id: string): Promise<Member[]>;
  groupRows(id: string): Promise<Group[]>;
  itemRows(id: string): Promise<ContentItem[]>;
  /** All member rows grouped by id (write order within an id), streamed. */
  allMemberRows(): AsyncIterable<Member[]>;
  allGroupRows(): AsyncIterable<Group[]>;
  /** All consent entries grouped by subject, streamed. */
  allSubjectLedgers(): AsyncIterable<{ subject: string } & SubjectLedger>;
  /** All content rows in (id, write order), streamed in batches. */
  contentRows(): AsyncIterable<ContentItem[]>;
  /** Item ids of a member (any row naming them as author). */
  memberItemIds(memberId: string): Promise<string[]>;
  counts(): Promise<{ members: number; groups: number; items: number; entries: number }>;

  // Lineage: which items, and so which members, went into which dataset.
  /**
   * Records a finished build and the items it included, streamed as batches of per-member groups
   * (a member may come in several groups). Stored one row per dataset and member: compact, and
   * each lineage question is one indexed lookup.
   */
  recordDataset(record: DatasetRecord, included: AsyncIterable<MemberItems[]>): Promise<void>;
  datasets(): Promise<DatasetRecord[]>;
  dataset(id: string): Promise<DatasetRecord | undefined>;
  /** Per dataset that included items of the member: how many and which. */
  memberDatasets(memberId: string): Promise<{ datasetId: string; itemIds: string[] }[]>;
  datasetIncludes(datasetId: string, itemId: string): Promise<boolean>;
  /** Distinct author ids of a dataset's items, streamed in batches. */
  datasetMembers(datasetId: string): AsyncIterable<string[]>;
}
