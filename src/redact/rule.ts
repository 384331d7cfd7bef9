/**
 * What every entity rule of spec §5 provides. A rule is a pure function over text; it replaces each
 * match by its placeholder and adds the number of replacements to a tally owned by the caller (one
 * mutable counter instead of an object per call: the builder redacts millions of texts).
 */
import type { Entity } from '../policy/policy.js';

export interface Tally {
  n: number;
}

export interface RedactionRule {
  readonly entity: Entity;
  /** `[EMAIL]`, `[IBAN]` … */
  readonly placeholder: string;
  apply(text: string, tally: Tally): string;
}

export function placeholderOf(entity: Entity): string {
  return `[${entity}]`;
}
