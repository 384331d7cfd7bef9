/**
 * The text of an included item (spec §4 "Text of an included item"): mentions, then objections,
 * then redaction (§5), in that order.
 */
import type { Entity } from '../policy/policy.js';
import { transformMentions } from './mentions.js';
import type { Suppressor } from './objections.js';
import { Redactor, zeroCounts, type RedactionCounts } from './redactor.js';

export interface TransformOptions {
  /** May the mentioned member not be named? (unknown member, or a reason about the person) */
  isHidden: (memberId: string) => boolean;
  /** The objections in force as of the build's moment; absent = none. */
  suppressor?: Suppressor | undefined;
  /** The policy's `redact` set, or a `Redactor` built from it once (faster for bulk builds). */
  entities: ReadonlySet<Entity> | Redactor;
}

export interface TransformedText {
  text: string;
  /** Mentions replaced by `[PERSON]`. */
  mentions: number;
  /** Objection replacements: emails, names and handles. */
  objections: number;
  /** Redactions per entity (all six keys). */
  redactions: RedactionCounts;
}

const redactors = new WeakMap<ReadonlySet<Entity>, Redactor>();

function redactorFor(entities: ReadonlySet<Entity> | Redactor): Redactor {
  if (entities instanceof Redactor) return entities;
  let r = redactors.get(entities);
  if (r === undefined) {
    r = new Redactor(entities);
    redactors.set(entities, r);
  }
  return r;
}

export function transformText(text: string, options: TransformOptions): TransformedText {
  const tally = { mentions: 0, objections: 0, redactions: zeroCounts() };
  const out = transformTextInto(text, options, tally);
  return { text: out, ...tally };
}

/** What `transformTextInto` adds its replacements to. */
export interface TransformTally {
  mentions: number;
  objections: number;
  redactions: RedactionCounts;
}

/**
 * `transformText`, adding the replacements to `tally` rather than returning them: a bulk build
 * counts millions of texts, and a result and a counts object per text cost it their allocation.
 */
export function transformTextInto(text: string, options: TransformOptions, tally: TransformTally): string {
  const m = transformMentions(text, options.isHidden);
  tally.mentions += m.count;
  let t = m.text;
  if (options.suppressor !== undefined) {
    const o = options.suppressor.apply(t);
    tally.objections += o.count;
    t = o.text;
  }
  return redactorFor(options.entities).redactInto(t, tally.redactions);
}
