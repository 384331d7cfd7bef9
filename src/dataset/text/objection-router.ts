/**
 * @module Which texts an objection could touch, decided cheaply (a routing device, not a redaction):
 * the suppressor (`src/redact/objections.ts`) is exact but costs a scan with a regular expression
 * of every identifier in force, which at tens of thousands of objections dominates a build, and
 * RE2 in DuckDB degrades badly on such patterns (measured: milliseconds a row on 2,400 names).
 *
 * Every identifier is matched case-insensitively (`foldCase`) and not glued to a letter, digit or
 * `_` on its outside. So each of its runs of letters, digits and `_` (its *tokens*) appears in the
 * folded text as a whole token: delimited by the identifier's own non-word characters (spaces of a
 * name, `.` and `@` of an email) or by its outer boundaries. A text that lacks a token of every
 * identifier cannot be changed by any objection. One scan of the text with a hash table of the
 * identifiers' tokens (`TokenMatcher`) decides; asking for all tokens (a given name and a family
 * name, not just a given name) keeps the false alarms few.
 *
 * The objection step runs after the mention step, which can add the token `person` (`[PERSON]`)
 * and glue a kept name to its neighbours (`@[Jan](member:m1)de` → `Jande`): a text with a mention
 * is always a candidate. An identifier without any word character (no token to look for) makes
 * every text a candidate.
 */
import { TokenMatcher, tokensOf, type ObjectionIdentifiersInput } from '../../redact/index.js';

const WS = /\s+/;

export class ObjectionRouter {
  /** The identifiers that have a token, by their tokens. */
  readonly #matcher: TokenMatcher;
  /** Some identifier has no token: every text is a candidate. */
  readonly catchAll: boolean;

  constructor(objections: Iterable<ObjectionIdentifiersInput>) {
    let catchAll = false;
    const identifiers: string[][] = [];
    const add = (identifier: string): void => {
      const tokens = tokensOf(identifier);
      if (tokens.length === 0) catchAll = true;
      else identifiers.push(tokens);
    };
    for (const o of objections) {
      for (const e of o.emails ?? []) if (e.trim() !== '') add(e.trim());
      for (const h of o.handles ?? []) if (h.trim().replace(/^@/, '') !== '') add(h.trim().replace(/^@/, ''));
      // Names of one word are not used for redaction (spec §4), so they route nothing either.
      if (o.name !== undefined && o.name.split(WS).filter((w) => w !== '').length >= 2) add(o.name);
    }
    this.catchAll = catchAll;
    this.#matcher = new TokenMatcher(identifiers);
  }

  /** Number of identifiers with a token. */
  get size(): number {
    return this.#matcher.size;
  }

  get empty(): boolean {
    return this.#matcher.size === 0 && !this.catchAll;
  }

  /** Could an objection change this text (after the mention step)? False means surely not. */
  mayMatch(text: string): boolean {
    if (this.catchAll) return true;
    if (this.#matcher.size === 0) return false;
    if (text.includes('@[')) return true;
    return this.#matcher.any(text);
  }
}
