/**
 * A person's standing under a policy as of a moment: every reason of spec §4 that is about the
 * person rather than the item. Computed once per member, it is shared by all their items (and by
 * mentions of them in others' posts), which is what makes bulk decisions cheap.
 */
import type { Member } from '../domain/entities.js';
import type { Millis } from '../domain/time.js';
import { asOf as rowAsOf } from '../domain/versioned.js';
import { DAY_MS } from '../domain/time.js';
import type { ConsentEntry, NoticeEntry } from '../ledger/entry.js';
import type { Policy, Region } from '../policy/policy.js';
import { regionOf } from '../policy/policy.js';
import { ageReachedAt } from './age.js';
import { decidingEvent } from './consent-state.js';
import { REASON_BIT } from './reasons.js';

/**
 * The fields a standing reads. Stored members and entries have them all; bulk passes may read only
 * these from the store (fewer columns to turn into JavaScript values).
 */
export type MemberFacts = Pick<Member, 'id' | 'country' | 'birthDate' | 'closedAt' | 'inSecondarySchool' | 'validFrom'>;
export type EventFacts = Pick<ConsentEntry, 'seq' | 'at' | 'purpose' | 'choice' | 'method'>;
export type NoticeFacts = Pick<NoticeEntry, 'seq' | 'at' | 'noticeVersion'>;

export interface Standing<M extends MemberFacts = Member, E extends EventFacts = ConsentEntry, N extends NoticeFacts = NoticeEntry> {
  /** The member's row as of `asOf`, undefined for an unknown subject. */
  member: M | undefined;
  region: Region | undefined;
  /** Person reasons that hold whatever the item (minor only at `asOf`; see `minorSince`). */
  mask: number;
  /** Items created before this moment are a minor's by birth date (`-Infinity`: none). */
  adultAt: Millis;
  /** The member's rows, for the school signal as of an item's creation. */
  rows: readonly M[];
  decidingEvent: E | undefined;
  /** The latest notice that makes the member notified, where the region requires notice. */
  notice: N | undefined;
}

export interface StandingFacts<M extends MemberFacts = Member, E extends EventFacts = ConsentEntry, N extends NoticeFacts = NoticeEntry> {
  member: readonly M[] | undefined;
  events: readonly E[];
  notices: readonly N[];
}

export function standingOf<M extends MemberFacts = Member, E extends EventFacts = ConsentEntry, N extends NoticeFacts = NoticeEntry>(facts: StandingFacts<M, E, N>, policy: Policy, asOf: Millis): Standing<M, E, N> {
  const rows = facts.member ?? [];
  const member = rowAsOf(rows, asOf);
  let mask = 0;
  if (member?.closedAt !== undefined && member.closedAt <= asOf) mask |= REASON_BIT['account-closed'];

  const region = regionOf(policy, member?.country);
  let notice: N | undefined;
  if (region === undefined) {
    mask |= REASON_BIT['region-excluded'];
  } else {
    if (region.excluded) mask |= REASON_BIT['region-excluded'];
    if (region.effectiveFrom !== undefined && asOf < region.effectiveFrom) mask |= REASON_BIT['region-not-effective'];
    if (region.requireNotice) {
      notice = qualifyingNotice(facts.notices, region, asOf);
      if (notice === undefined) mask |= REASON_BIT['not-notified'];
    }
  }

  let adultAt = -Infinity;
  if (member?.birthDate !== undefined) adultAt = ageReachedAt(member.birthDate, policy.minimumAge);
  if (asOf < adultAt || member?.inSecondarySchool === true) mask |= REASON_BIT.minor;

  const event = decidingEvent(facts.events, { purpose: policy.purpose, asOf, honorGpc: policy.honorGpc });
  if (event?.choice === 'deny') mask |= event.method === 'objection-form' ? REASON_BIT.objected : REASON_BIT['opted-out'];
  else if (event === undefined && region !== undefined && region.default === 'deny') mask |= REASON_BIT['no-consent'];

  return { member, region, mask, adultAt, rows, decidingEvent: event, notice };
}

/** The latest notice of the region's version served at least `noticeDays` before `asOf`. */
export function qualifyingNotice<N extends NoticeFacts>(notices: Iterable<N>, region: Region, asOf: Millis): N | undefined {
  const version = region.notice?.version;
  if (version === undefined) return undefined;
  const latest = asOf - region.noticeDays * DAY_MS;
  let best: N | undefined;
  for (const n of notices) {
    if (n.noticeVersion !== version || n.at > latest) continue;
    if (best === undefined || n.at > best.at || (n.at === best.at && n.seq > best.seq)) best = n;
  }
  return best;
}

/** Minor for an item created at `createdAt`: by birth date then, or the school signal then. */
export function minorForItem(standing: Pick<Standing<MemberFacts, EventFacts, NoticeFacts>, 'mask' | 'adultAt' | 'rows'>, createdAt: Millis): boolean {
  if (standing.mask & REASON_BIT.minor) return true;
  if (createdAt < standing.adultAt) return true;
  if (standing.rows.length === 0) return false;
  if (standing.rows.length === 1) return standing.rows[0]!.inSecondarySchool === true;
  return rowAsOf(standing.rows, createdAt)?.inSecondarySchool === true;
}
