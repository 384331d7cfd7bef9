/**
 * A member's consent per purpose as of a moment, with where it comes from (spec §6 `GET
 * members/{id}/consent`): the deciding ledger event (seq, method, time) or the regional default.
 * Pure; the caller hands in the member's rows and ledger entries.
 *
 * The policy governs one purpose; for the others the region's default of the same policy applies
 * (the platform's regime in that region). GPC events decide `share-affiliates-ads` always (that is
 * what GPC means) and the training purposes only where the policy has `honorGpc: true`.
 */
import { consentFor, decidingEvent } from '../decision/consent-state.js';
import type { Member } from '../domain/entities.js';
import { lineage, PURPOSE_TITLES, PURPOSES, type Purpose } from '../domain/purpose.js';
import { formatTime, type Millis } from '../domain/time.js';
import { asOf as rowAsOf } from '../domain/versioned.js';
import type { ConsentEntry } from '../ledger/entry.js';
import { regionOf, type Policy, type Region } from '../policy/policy.js';

export interface EventRef {
  seq: number;
  at: string;
  method: ConsentEntry['method'];
  choice: ConsentEntry['choice'];
  purpose: Purpose;
  hash: string;
  noticeVersion?: string;
}

export interface PurposeConsent {
  purpose: Purpose;
  title: string;
  choice: 'allow' | 'deny';
  /** `event`: decided by `event`; `default`: no event decides, the region's default applies. */
  source: 'event' | 'default';
  event?: EventRef;
  /** Whether `gpc` events take part in deciding this purpose. */
  honorsGpc: boolean;
  /** The latest GPC signal recorded that bears on this purpose, whether or not it decides. */
  gpcSignal?: { seq: number; at: string };
}

export interface RegionView {
  name: string;
  default: 'allow' | 'deny';
  excluded: boolean;
  effectiveFrom?: string;
  legalBasis?: string;
  notice?: { version: string; announcedAt?: string };
  requireNotice: boolean;
}

export interface ConsentView {
  memberId: string;
  asOf: string;
  policy: { id: string; version: number; purpose: Purpose; honorGpc: boolean };
  country: string | null;
  region: RegionView | null;
  purposes: PurposeConsent[];
}

export function honorsGpc(purpose: Purpose, policy: Policy): boolean {
  return purpose === 'share-affiliates-ads' || policy.honorGpc;
}

export function eventRef(e: ConsentEntry): EventRef {
  const r: EventRef = { seq: e.seq, at: formatTime(e.at), method: e.method, choice: e.choice, purpose: e.purpose, hash: e.hash };
  if (e.noticeVersion !== undefined) r.noticeVersion = e.noticeVersion;
  return r;
}

export function regionView(region: Region): RegionView {
  const v: RegionView = { name: region.name, default: region.default, excluded: region.excluded, requireNotice: region.requireNotice };
  if (region.effectiveFrom !== undefined) v.effectiveFrom = formatTime(region.effectiveFrom);
  if (region.legalBasis !== undefined) v.legalBasis = region.legalBasis;
  if (region.notice) {
    v.notice = { version: region.notice.version };
    if (region.notice.announcedAt !== undefined) v.notice.announcedAt = formatTime(region.notice.announcedAt);
  }
  return v;
}

export function consentView(memberId: string, rows: readonly Member[], events: readonly ConsentEntry[], policy: Policy, asOf: Millis): ConsentView {
  const member = rowAsOf(rows, asOf);
  const region = regionOf(policy, member?.country);
  // Fail closed where no region matches: nothing says the member agreed.
  const regionDefault = region?.default ?? 'deny';
  const purposes = PURPOSES.map((purpose): PurposeConsent => {
    const honor = honorsGpc(purpose, policy);
    const c = consentFor(events, { purpose, asOf, honorGpc: honor }, regionDefault);
    const out: PurposeConsent = { purpose, title: PURPOSE_TITLES[purpose], choice: c.choice, source: c.source, honorsGpc: honor };
    if (c.event) out.event = eventRef(c.event);
    const gpc = decidingEvent(events.filter((e) => e.method === 'gpc' && lineage(purpose).includes(e.purpose)), { purpose, asOf, honorGpc: true });
    if (gpc) out.gpcSignal = { seq: gpc.seq, at: formatTime(gpc.at) };
    return out;
  });
  return {
    memberId,
    asOf: formatTime(asOf),
    policy: { id: policy.id, version: policy.version, purpose: policy.purpose, honorGpc: policy.honorGpc },
    country: member?.country ?? null,
    region: region ? regionView(region) : null,
    purposes,
  };
}

/** Whether a member says no to AI training (spec §6 public pages): `train-ai` or `train-genai` is `deny`. */
export function deniesTraining(view: ConsentView): boolean {
  return view.purposes.some((p) => (p.purpose === 'train-ai' || p.purpose === 'train-genai') && p.choice === 'deny');
}
