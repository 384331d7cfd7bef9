/**
 * Every member's standing as of one moment, held compactly: a slot per member in typed arrays
 * (person-reason mask, the moment they come of age, region) and a map from id to slot. A million
 * members take tens of megabytes, so bulk decisions over any number of items stream the items and
 * keep only this in memory. Built from the same `standingOf` that `decide` uses, so both agree.
 */
import type { Millis } from '../domain/time.js';
import { asOf as rowAsOf } from '../domain/versioned.js';
import type { Policy } from '../policy/policy.js';
import { regionIndexOf } from '../policy/policy.js';
import { REASON_BIT } from './reasons.js';
import { standingOf, type EventFacts, type MemberFacts, type NoticeFacts } from './standing.js';

export class StandingTable {
  readonly #slots = new Map<string, number>();
  #mask = new Int32Array(1024);
  #adultAt = new Float64Array(1024);
  #region = new Int16Array(1024);
  /** Rows of members whose school signal changes over time (few), for the signal at an item's creation. */
  readonly #schoolRows = new Map<number, readonly MemberFacts[]>();

  constructor(readonly policy: Policy, readonly asOf: Millis) {}

  get size(): number {
    return this.#slots.size;
  }

  add(memberId: string, rows: readonly MemberFacts[] | undefined, events: readonly EventFacts[], notices: readonly NoticeFacts[]): void {
    const s = standingOf({ member: rows, events, notices }, this.policy, this.asOf);
    const slot = this.#slots.size;
    if (slot >= this.#mask.length) this.#grow();
    this.#slots.set(memberId, slot);
    this.#mask[slot] = s.mask;
    this.#adultAt[slot] = s.adultAt;
    this.#region[slot] = regionIndexOf(this.policy, s.member?.country);
    if (rows && rows.length > 1 && rows.some((r) => r.inSecondarySchool === true) && !(s.mask & REASON_BIT.minor)) {
      this.#schoolRows.set(slot, rows);
    }
  }

  #grow(): void {
    const n = this.#mask.length * 2;
    const mask = new Int32Array(n); mask.set(this.#mask); this.#mask = mask;
    const adult = new Float64Array(n); adult.set(this.#adultAt); this.#adultAt = adult;
    const region = new Int16Array(n); region.set(this.#region); this.#region = region;
  }

  /** Member ids in slot order (slot i is the i-th). */
  ids(): IterableIterator<string> {
    return this.#slots.keys();
  }

  slot(memberId: string): number {
    return this.#slots.get(memberId) ?? -1;
  }

  /** Person reasons that hide a member's name in others' posts (spec §4, mentions). */
  personMask(memberId: string): number {
    const slot = this.slot(memberId);
    return slot < 0 ? REASON_BIT['region-excluded'] : this.#mask[slot]!;
  }

  /**
   * Reasons about the author for an item created at `createdAt` (everything but the item's own
   * fields): the person mask with `minor` judged at the item's creation, and `before-cutoff`.
   * An unknown author has no country and so no region.
   */
  authorMask(slot: number, createdAt: Millis): number {
    if (slot < 0) return REASON_BIT['region-excluded'];
    let mask = this.#mask[slot]!;
    if (!(mask & REASON_BIT.minor)) {
      if (createdAt < this.#adultAt[slot]!) mask |= REASON_BIT.minor;
      else {
        const rows = this.#schoolRows.get(slot);
        if (rows && rowAsOf(rows, createdAt)?.inSecondarySchool === true) mask |= REASON_BIT.minor;
      }
    }
    const r = this.#region[slot]!;
    const cutoff = r >= 0 ? this.policy.regions[r]!.contentNotBefore : undefined;
    if (cutoff !== undefined && createdAt < cutoff) mask |= REASON_BIT['before-cutoff'];
    return mask;
  }
}
