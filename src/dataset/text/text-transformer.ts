/**
 * @module The text of an included item (spec §4, §5) for the bulk path: `transformText` of
 * `src/redact` with the build's facts (who may be named, the objections in force, the policy's
 * entities), counting what it replaced. DuckDB calls it only for the rows its prefilter selects
 * (`prefilterSql`): a row the prefilter does not match cannot be changed by any step.
 */
import type { Entity } from '../../policy/policy.js';
import { Redactor, transformText, zeroCounts, type RedactionCounts, type Suppressor } from '../../redact/index.js';
import { REDACTION_PREFILTER_RE2 } from '../../redact/prefilter.js';
import { sqlString } from '../../policy/compile/sql-literals.js';

export interface TransformCounts {
  /** Mentions replaced by `[PERSON]`. */
  mentions: number;
  /** Objection replacements (emails, names, handles). */
  objections: number;
  redactions: RedactionCounts;
  /** Rows handed to JavaScript (matched by the prefilter). */
  rows: number;
  /** Of those, rows whose text changed. */
  changed: number;
}

export interface TransformFacts {
  /** Known members with no reason about the person as of the build's moment. */
  nameable: ReadonlySet<string>;
  suppressor: Suppressor | undefined;
  entities: ReadonlySet<Entity>;
}

export class TextTransformer {
  readonly counts: TransformCounts = { mentions: 0, objections: 0, redactions: zeroCounts(), rows: 0, changed: 0 };
  readonly #redactor: Redactor;
  readonly #isHidden: (id: string) => boolean;

  constructor(readonly facts: TransformFacts) {
    this.#redactor = new Redactor(facts.entities);
    this.#isHidden = (id) => !facts.nameable.has(id);
  }

  transform(text: string): string {
    const out = transformText(text, { isHidden: this.#isHidden, suppressor: this.facts.suppressor, entities: this.#redactor });
    const c = this.counts;
    c.rows++;
    if (out.text !== text) c.changed++;
    c.mentions += out.mentions;
    c.objections += out.objections;
    for (const k in out.redactions) c.redactions[k as Entity] += out.redactions[k as Entity];
    return out.text;
  }

  /** Adds the counts of another transformer (a worker's). */
  add(other: TransformCounts): void {
    const c = this.counts;
    c.mentions += other.mentions;
    c.objections += other.objections;
    c.rows += other.rows;
    c.changed += other.changed;
    for (const k in other.redactions) c.redactions[k as Entity] += other.redactions[k as Entity];
  }
}

/**
 * The SQL condition that selects the rows JavaScript must see: a mention (`@[`), anything a
 * redaction rule could take (`REDACTION_PREFILTER_RE2`, when the policy redacts), or an identifier
 * of an objection in force (`Suppressor.prefilterRe2`). All of them over-approximate.
 */
export function prefilterSql(column: string, facts: Pick<TransformFacts, 'suppressor' | 'entities'>, options: { showIdentifiers?: boolean } = {}): string {
  const main = facts.entities.size > 0 ? `@\\[|${REDACTION_PREFILTER_RE2}` : '@\\[';
  const parts = [`regexp_matches(${column}, ${sqlString(main)})`];
  const objections = facts.suppressor?.prefilterRe2() ?? null;
  if (objections !== null) {
    // The identifiers are personal data (a suppression list): printed SQL names only their number.
    const shown = options.showIdentifiers === false ? `<${facts.suppressor?.size ?? 0} objection identifiers, personal data, not shown>` : objections;
    parts.push(`regexp_matches(${column}, ${sqlString(shown)})`);
  }
  return parts.join(' OR ');
}
