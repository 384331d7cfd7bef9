/**
 * A policy (spec §3) as the core uses it: validated, with times as epoch milliseconds and lists as
 * sets. `load-policy.ts` builds it from YAML; nothing here does I/O.
 */
import type { ContentKind, Visibility } from '../domain/entities.js';
import type { Purpose } from '../domain/purpose.js';
import type { Millis } from '../domain/time.js';

export const ENTITIES = ['EMAIL', 'IBAN', 'CARD', 'ID', 'IP', 'PHONE'] as const;
export type Entity = (typeof ENTITIES)[number];

export interface Notice {
  version: string;
  announcedAt?: Millis;
}

export interface Region {
  name: string;
  /** `'*'` matches every country. */
  countries: readonly string[] | '*';
  /** Absent only on an excluded region, which is always effective. */
  effectiveFrom?: Millis;
  default: 'allow' | 'deny';
  legalBasis?: string;
  notice?: Notice;
  excluded: boolean;
  contentNotBefore?: Millis;
  requireNotice: boolean;
  noticeDays: number;
}

export interface Policy {
  id: string;
  version: number;
  purpose: Purpose;
  regions: readonly Region[];
  minimumAge: number;
  kinds: ReadonlySet<ContentKind>;
  visibility: ReadonlySet<Visibility>;
  excludeGroupCategories: ReadonlySet<string>;
  honorGpc: boolean;
  redact: ReadonlySet<Entity>;
  /** SHA-256 of the file's bytes, lowercase hex, as `sha256sum` prints it. */
  sha256: string;
  /** Country to region index, or -1; built once so a decision looks a region up in O(1). */
  regionIndex: ReadonlyMap<string, number>;
  /** Index of the `"*"` region, or -1. */
  wildcardRegion: number;
}

/** The first region whose countries hold `country`, or undefined (spec §4). */
export function regionOf(policy: Policy, country: string | undefined): Region | undefined {
  if (country === undefined) return undefined;
  const i = policy.regionIndex.get(country) ?? policy.wildcardRegion;
  return i >= 0 ? policy.regions[i] : undefined;
}

export function regionIndexOf(policy: Policy, country: string | undefined): number {
  if (country === undefined) return -1;
  return policy.regionIndex.get(country) ?? policy.wildcardRegion;
}
