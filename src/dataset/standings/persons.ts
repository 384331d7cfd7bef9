/**
 * @module Every person the build must know, with their facts: member rows and ledger entries joined by
 * id. Both streams come from the store sorted by id (bytewise), so one merge pass suffices and
 * memory holds one person at a time. Entries after the verified head are left out, so that the
 * build reads one ledger state even while new choices are written.
 */
import type { Member } from '../../domain/entities.js';
import { ConsentgateError } from '../../domain/issues.js';
import type { ConsentEntry, NoticeEntry } from '../../ledger/entry.js';
import type { SubjectLedger } from '../../storage/store.js';

export interface PersonFacts {
  id: string;
  /** Member rows in write order; undefined for a ledger subject that is no member. */
  rows: Member[] | undefined;
  events: ConsentEntry[];
  notices: NoticeEntry[];
}

const NONE: ConsentEntry[] = [];
const NO_NOTICES: NoticeEntry[] = [];

function ordered(kind: string, previous: string | undefined, next: string): void {
  if (previous !== undefined && !(previous < next)) {
    throw new ConsentgateError('store-order', `the store listed ${kind} out of order (${previous} before ${next}); the merge of members and ledger needs bytewise id order`);
  }
}

export async function* persons(
  members: AsyncIterable<Member[]>,
  ledgers: AsyncIterable<{ subject: string } & SubjectLedger>,
  maxSeq: number,
): AsyncIterable<PersonFacts> {
  const m = members[Symbol.asyncIterator]();
  const l = ledgers[Symbol.asyncIterator]();
  let mNext = await m.next();
  let lNext = await l.next();
  let lastMember: string | undefined;
  let lastSubject: string | undefined;
  const cut = <E extends { seq: number }>(list: E[]): E[] => (list.length > 0 && list[list.length - 1]!.seq > maxSeq ? list.filter((e) => e.seq <= maxSeq) : list);
  while (!mNext.done || !lNext.done) {
    const memberId = mNext.done ? undefined : mNext.value[0]!.id;
    const subject = lNext.done ? undefined : lNext.value.subject;
    if (memberId !== undefined && (subject === undefined || memberId <= subject)) {
      ordered('members', lastMember, memberId);
      lastMember = memberId;
      const rows = mNext.value as Member[];
      if (memberId === subject) {
        const ledger = lNext.value as SubjectLedger;
        ordered('ledger subjects', lastSubject, subject);
        lastSubject = subject;
        yield { id: memberId, rows, events: cut(ledger.events), notices: cut(ledger.notices) };
        lNext = await l.next();
      } else {
        yield { id: memberId, rows, events: NONE, notices: NO_NOTICES };
      }
      mNext = await m.next();
    } else {
      const ledger = lNext.value as { subject: string } & SubjectLedger;
      ordered('ledger subjects', lastSubject, ledger.subject);
      lastSubject = ledger.subject;
      yield { id: ledger.subject, rows: undefined, events: cut(ledger.events), notices: cut(ledger.notices) };
      lNext = await l.next();
    }
  }
}
