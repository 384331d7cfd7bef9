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
  const m = transformMentions(text, options.isHidden);
  const o = options.suppressor === undefined ? { text: m.text, count: 0 } : options.suppressor.apply(m.text);
  const redactions = zeroCounts();
  const out = redactorFor(options.entities).redactInto(o.text, redactions);
  return { text: out, mentions: m.count, objections: o.count, redactions };
}
