/**
 * @module The text of an included item (spec §4, §5) for the bulk path: `transformText` of
 * `src/redact` with the build's facts (who may be named, the objections in force, the policy's
 * entities), counting what it replaced. DuckDB calls it only for the rows its prefilter selects
 * (`prefilterSql`): a row the prefilter does not match cannot be changed by any step.
 */
import { ENTITIES, type Entity } from '../../policy/policy.js';
import { Redactor, transformTextInto, zeroCounts, type TransformOptions, type RedactionCounts, type Suppressor } from '../../redact/index.js';
import { redactionPrefilterRe2 } from '../../redact/prefilter.js';
import { sqlString } from '../../policy/compile/sql-literals.js';
import { OBJECTIONS_UDF, TRANSFORM_UDF } from './transform-udf.js';

export interface TransformCounts {
  /** Mentions replaced by `[PERSON]`. */
  mentions: number;
  /** Objection replacements (emails, names, handles). */
  objections: number;
  redactions: RedactionCounts;
  /** Rows that took every step (matched by the prefilter), and rows that only an objection changed. */
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
  readonly #options: TransformOptions;

  constructor(readonly facts: TransformFacts) {
    this.#redactor = new Redactor(facts.entities);
    const nameable = facts.nameable;
    this.#options = { isHidden: (id) => !nameable.has(id), suppressor: facts.suppressor, entities: this.#redactor };
  }

  /** The transformed text, or null when it is unchanged (DuckDB then keeps its own copy). */
  transform(text: string): string | null {
    const c = this.counts;
    const out = transformTextInto(text, this.#options, c);
    c.rows++;
    if (out === text) return null;
    c.changed++;
    return out;
  }

  /**
   * For a text the main prefilter did not select: only an objection could change it. Such a text
   * holds no mention (the prefilter selects `@[`), and no redaction rule's gate is open in it (the
   * prefilter is their union), nor can a placeholder open one (`[EMAIL]` and `[PERSON]` are
   * bracketed, so they join no digits or letters into an entity). So the objection step alone
   * decides, with one scan of the text's words. A changed text still goes through the rules, as
   * `transform` would take it.
   */
  objectionsOnly(text: string): string | null {
    const suppressor = this.facts.suppressor;
    if (suppressor === undefined) return null;
    // Not sent here by the prefilter; if one comes, it takes every step.
    if (text.includes('@[')) return this.transform(text);
    const o = suppressor.apply(text);
    if (o.count === 0) return null;
    const c = this.counts;
    c.rows++;
    c.changed++;
    c.objections += o.count;
    return this.#redactor.redactInto(o.text, c.redactions);
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

const COUNT_KEYS = ['mentions', 'objections', 'rows', 'changed'] as const;

/** Words of `writeCounts`. */
export const COUNT_WORDS = COUNT_KEYS.length + ENTITIES.length;

/** Counts into shared memory (a worker's, read by the main thread). */
export function writeCounts(c: TransformCounts, to: Int32Array): void {
  COUNT_KEYS.forEach((k, i) => (to[i] = c[k]));
  ENTITIES.forEach((e, i) => (to[COUNT_KEYS.length + i] = c.redactions[e]));
}

export function readCounts(from: Int32Array): TransformCounts {
  const c: TransformCounts = { mentions: 0, objections: 0, redactions: zeroCounts(), rows: 0, changed: 0 };
  COUNT_KEYS.forEach((k, i) => (c[k] = from[i]!));
  ENTITIES.forEach((e, i) => (c.redactions[e] = from[COUNT_KEYS.length + i]!));
  return c;
}

/**
 * The text column of the data file as SQL. DuckDB's RE2 selects the texts a mention or a redaction
 * rule could change (`redactionPrefilterRe2`, which over-approximates) and hands them to
 * `cg_transform`; when objections are in force, the other texts go to `cg_objections`, which runs
 * the objection step alone (see `objectionsOnly`). Both return NULL for an unchanged text, so only
 * changed texts travel back. No identifier of an objection appears in the SQL (they are personal data).
 */
export function textSql(column: string, facts: { entities: ReadonlySet<Entity>; objections: boolean }): string {
  const redaction = redactionPrefilterRe2(facts.entities);
  const main = redaction === null ? '@\\[' : `@\\[|${redaction}`;
  const rest = facts.objections ? `coalesce(${OBJECTIONS_UDF}(${column}), ${column})` : column;
  return `CASE WHEN regexp_matches(${column}, ${sqlString(main)}) THEN coalesce(${TRANSFORM_UDF}(${column}), ${column}) ELSE ${rest} END`;
}
