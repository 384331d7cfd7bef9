/**
 * @module Every person the build must know, with their facts: member rows and ledger entries joined by
 * id. Both streams come from the store sorted by id (bytewise), so one merge pass suffices and
 * memory holds one person at a time. Entries after the verified head are left out, so that the
 * build reads one ledger state even while new choices are written. On a SQLite store both streams
 * are synchronous scans (no await per row); persons come in small batches.
 */
import type { EventFacts, MemberFacts, NoticeFacts } from '../../decision/standing.js';
import { ConsentgateError } from '../../domain/issues.js';
import { scanLedgerFacts, scanMemberFacts } from '../../storage/sqlite/sqlite-scans.js';
import { PostgresStore } from '../../storage/postgres/postgres-store.js';
import { SqliteStore } from '../../storage/sqlite/sqlite-store.js';
import type { Store } from '../../storage/store.js';

/** A person's facts as far as the standing reads them (a store may hand over whole rows and entries). */
export interface PersonFacts {
  id: string;
  /** Member rows in write order; undefined for a ledger subject that is no member. */
  rows: MemberFacts[] | undefined;
  events: EventFacts[];
  notices: NoticeFacts[];
}

interface Ledger {
  subject: string;
  events: EventFacts[];
  notices: NoticeFacts[];
}

const NONE: EventFacts[] = [];
const NO_NOTICES: NoticeFacts[] = [];
/** Small enough that a batch dies young (measured: 4096 cost a third more in garbage collection). */
const BATCH = 256;

/** Merges the two id-sorted streams; `next*` pull one step, sync or async. */
class Merge {
  lastMember: string | undefined;
  lastSubject: string | undefined;
  constructor(readonly maxSeq: number) {}

  cut<E extends { seq: number }>(list: E[]): E[] {
    return list.length > 0 && list[list.length - 1]!.seq > this.maxSeq ? list.filter((e) => e.seq <= this.maxSeq) : list;
  }

  /** The next person given both heads, and which heads it used up. */
  step(member: MemberFacts[] | undefined, ledger: Ledger | undefined): { person: PersonFacts; member: boolean; ledger: boolean } {
    const memberId = member?.[0]!.id;
    const subject = ledger?.subject;
    if (memberId !== undefined && (subject === undefined || memberId <= subject)) {
      ordered('members', this.lastMember, memberId);
      this.lastMember = memberId;
      if (memberId === subject) {
        ordered('ledger subjects', this.lastSubject, subject);
        this.lastSubject = subject;
        return { person: { id: memberId, rows: member, events: this.cut(ledger!.events), notices: this.cut(ledger!.notices) }, member: true, ledger: true };
      }
      return { person: { id: memberId, rows: member, events: NONE, notices: NO_NOTICES }, member: true, ledger: false };
    }
    const l = ledger!;
    ordered('ledger subjects', this.lastSubject, l.subject);
    this.lastSubject = l.subject;
    return { person: { id: l.subject, rows: undefined, events: this.cut(l.events), notices: this.cut(l.notices) }, member: false, ledger: true };
  }
}

/**
 * A subject that is no member and has no entries up to the head: its standing is an unknown
 * person's, which the build gives any author without a standing (and the SQLite scan, which cuts
 * at the head, never lists it).
 */
function worthless(p: PersonFacts): boolean {
  return p.rows === undefined && p.events.length === 0 && p.notices.length === 0;
}

function ordered(kind: string, previous: string | undefined, next: string): void {
  if (previous !== undefined && !(previous < next)) {
    throw new ConsentgateError('store-order', `the store listed ${kind} out of order (${previous} before ${next}); the merge of members and ledger needs bytewise id order`);
  }
}

export async function* persons(store: Store, maxSeq: number): AsyncIterable<PersonFacts[]> {
  const merge = new Merge(maxSeq);
  let batch: PersonFacts[] = [];
  if (store instanceof SqliteStore) {
    // Entries after the head are left out by the scan itself (so `cut` finds none to drop).
    const m = scanMemberFacts(store.db);
    const l = scanLedgerFacts(store.db, maxSeq);
    try {
      let mNext = m.next();
      let lNext = l.next();
      while (!mNext.done || !lNext.done) {
        const s = merge.step(mNext.done ? undefined : mNext.value, lNext.done ? undefined : lNext.value);
        if (s.member) mNext = m.next();
        if (s.ledger) lNext = l.next();
        if (!worthless(s.person)) batch.push(s.person);
        if (batch.length === BATCH) {
          yield batch;
          batch = [];
        }
      }
    } finally {
      m.return(undefined);
      l.return(undefined);
    }
  } else {
    // PostgreSQL reads narrow rows as arrays, cut at the head (so `cut` finds none to drop); any
    // other store hands over whole rows and entries.
    const pgStore = store instanceof PostgresStore ? store : undefined;
    const m = (pgStore?.memberFacts() ?? store.allMemberRows())[Symbol.asyncIterator]();
    const l = (pgStore?.ledgerFacts(maxSeq) ?? store.allSubjectLedgers())[Symbol.asyncIterator]();
    let mNext = await m.next();
    let lNext = await l.next();
    while (!mNext.done || !lNext.done) {
      const s = merge.step(mNext.done ? undefined : mNext.value, lNext.done ? undefined : lNext.value);
      if (s.member) mNext = await m.next();
      if (s.ledger) lNext = await l.next();
      if (!worthless(s.person)) batch.push(s.person);
      if (batch.length === BATCH) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}
