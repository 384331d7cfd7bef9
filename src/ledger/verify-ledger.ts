/**
 * Verifies a store's ledger: recomputes the hash chain in `seq` order and checks every kept
 * personal-data row against the commitment in its entry (erased rows are simply absent). Streams
 * both in `seq` order and merges them, so memory stays flat at any ledger size.
 */
import { ConsentgateError } from '../domain/issues.js';
import type { PersonalDataRow, Store } from '../storage/store.js';
import { ChainVerifier, chainHashHex, personalDataHmacWith, type ChainCheck } from './chain.js';
import type { LedgerEntry } from './entry.js';

export async function verifyLedger(store: Pick<Store, 'entries' | 'personalData' | 'secret' | 'location'>): Promise<ChainCheck> {
  try {
    return await verifyStream(store);
  } catch (cause) {
    // Fail closed with one clear line: a ledger that cannot be read is not a valid ledger.
    throw unreadableLedger(store.location, cause);
  }
}

/**
 * The same check over synchronous scans (a SQLite file read on its own connection, in a worker):
 * no await per entry. `location` names the ledger in the error for one that cannot be read.
 */
export function verifyLedgerScans(location: string, secret: Buffer, entries: () => Iterable<LedgerEntry>, personalData: () => Iterable<PersonalDataRow>): ChainCheck {
  return mergedScans(location, new LedgerCheck(secret, ENTRIES), entries, personalData);
}

/**
 * An entry as a scan hands it over with the bytes its hash covers already made
 * (`entryCanonicalJson`, or the same bytes made another way): the chain check needs no more.
 */
export interface HashedEntry {
  seq: number;
  kind: unknown;
  /** The commitment column as stored (NULL: none). */
  personalData: unknown;
  text: string;
  hash: unknown;
}

/** `verifyLedgerScans` over entries whose canonical JSON the scan made (`HashedEntry`). */
export function verifyHashedScans(location: string, secret: Buffer, entries: () => Iterable<HashedEntry>, personalData: () => Iterable<PersonalDataRow>): ChainCheck {
  return mergedScans(location, new LedgerCheck(secret, HASHED), entries, personalData);
}

/** The entries and the personal data merged by `seq` (both scans in `seq` order). */
function mergedScans<E extends { seq: number }>(location: string, check: MergedCheck<E>, entries: () => Iterable<E>, personalData: () => Iterable<PersonalDataRow>): ChainCheck {
  try {
    const pd = personalData()[Symbol.iterator]();
    try {
      let next = pd.next();
      for (const entry of entries()) {
        if (!check.entry(entry)) break;
        while (!next.done && next.value.seq <= entry.seq) {
          check.personalData(next.value, entry);
          next = pd.next();
        }
      }
      return check.end(next.done ? undefined : next.value);
    } finally {
      pd.return?.();
    }
  } catch (cause) {
    throw unreadableLedger(location, cause);
  }
}

/** The one error for a ledger that cannot be read (a missing table, a lost connection): fail closed, say why. */
export function unreadableLedger(location: string, cause: unknown): ConsentgateError {
  if (cause instanceof ConsentgateError) return cause;
  return new ConsentgateError('ledger-unreadable', [{ file: location, message: `the ledger cannot be read: ${(cause as Error).message}` }], { cause });
}

interface MergedCheck<E> {
  entry(entry: E): boolean;
  personalData(row: PersonalDataRow, entry: E): void;
  end(left: PersonalDataRow | undefined): ChainCheck;
}

/** How a check reads an entry of one shape: pushes it on the chain, and names its commitment. */
interface EntryView<E> {
  push(chain: ChainVerifier, entry: E): boolean;
  /** The personal-data commitment the entry makes, or undefined for none. */
  commitment(entry: E): unknown;
}

const ENTRIES: EntryView<LedgerEntry> = {
  push: (chain, entry) => chain.push(entry),
  commitment: (entry) => (entry.kind === 'consent' ? entry.personalData : undefined),
};

/** `ENTRIES`' rules over `HashedEntry`s: the hash taken over the text the scan made. */
const HASHED: EntryView<HashedEntry> = {
  push: (chain, entry) => chain.pushText(entry.seq, entry.hash, () => entry.text),
  // As `entryOfRaw` reads the row: a consent's NULL commitment is none.
  commitment: (entry) => (entry.kind === 'consent' && entry.personalData !== null ? entry.personalData : undefined),
};

/** The chain and the personal data merged by `seq`: rows at or before each entry are checked as it comes. */
class LedgerCheck<E extends { seq: number }> implements MergedCheck<E> {
  readonly #chain = new ChainVerifier();
  readonly #hmac: (data: unknown) => string;

  constructor(secret: Buffer, private readonly view: EntryView<E>) {
    this.#hmac = personalDataHmacWith(secret);
  }

  entry(entry: E): boolean {
    return this.view.push(this.#chain, entry);
  }

  /** A personal-data row with `row.seq <= entry.seq`, `entry` the latest entry pushed. */
  personalData(row: PersonalDataRow, entry: E): void {
    const commitment = row.seq === entry.seq ? this.view.commitment(entry) : undefined;
    if (commitment === undefined) this.#chain.fail(row.seq, `personal data is kept for seq ${row.seq}, whose entry commits to none`);
    else if (this.#hmac(row.data) !== commitment) this.#chain.fail(row.seq, `the personal data of seq ${row.seq} does not match its commitment`);
  }

  /** The verdict, given the first personal-data row not yet checked (if any). */
  end(left: PersonalDataRow | undefined): ChainCheck {
    if (this.#chain.ok && left !== undefined) this.#chain.fail(left.seq, `personal data is kept for seq ${left.seq}, which is not in the ledger`);
    return this.#chain.result();
  }
}

async function verifyStream(store: Pick<Store, 'entries' | 'personalData' | 'secret'>): Promise<ChainCheck> {
  const check = new LedgerCheck(store.secret, ENTRIES);
  const pd = store.personalData()[Symbol.asyncIterator]();
  try {
    let next = await pd.next();
    for await (const entry of store.entries()) {
      if (!check.entry(entry)) break;
      while (!next.done && next.value.seq <= entry.seq) {
        check.personalData(next.value, entry);
        next = await pd.next();
      }
    }
    return check.end(next.done ? undefined : next.value);
  } finally {
    await pd.return?.();
  }
}
