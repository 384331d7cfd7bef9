/**
 * @module Which texts an objection could touch, decided cheaply (a routing device, not a redaction):
 * the suppressor (`src/redact/objections.ts`) is exact but costs a scan with a regular expression
 * of every identifier in force, which at tens of thousands of objections dominates a build, and
 * RE2 in DuckDB degrades badly on such patterns (measured: milliseconds a row on 2,400 names).
 *
 * Every identifier is matched case-insensitively (`foldCase`) and not glued to a letter, digit or
 * `_` on its outside. So its first run of letters, digits and `_` (its first *token*) appears in the
 * folded text as a whole token: preceded by the identifier's own non-word characters or the start
 * boundary, followed by its next non-word character or the end boundary. A text none of whose
 * tokens is such a first token cannot be changed by any objection; a Set lookup per token decides.
 *
 * The objection step runs after the mention step, which can add the token `person` (`[PERSON]`)
 * and glue a kept name to its neighbours (`@[Jan](member:m1)de` → `Jande`): a text with a mention
 * is always a candidate. An identifier without any word character (no token to look for) makes
 * every text a candidate.
 */
import { foldCase, type ObjectionIdentifiersInput } from '../../redact/index.js';

const TOKEN = /[\p{L}\p{N}_]+/gu;
const FIRST_TOKEN = /[\p{L}\p{N}_]+/u;
const WS = /\s+/;

export class ObjectionRouter {
  readonly #tokens = new Set<string>();
  /** Some identifier has no token: every text is a candidate. */
  readonly catchAll: boolean;

  constructor(objections: Iterable<ObjectionIdentifiersInput>) {
    let catchAll = false;
    const add = (identifier: string): void => {
      const token = FIRST_TOKEN.exec(foldCase(identifier))?.[0];
      if (token === undefined) catchAll = true;
      else this.#tokens.add(token);
    };
    for (const o of objections) {
      for (const e of o.emails ?? []) if (e.trim() !== '') add(e.trim());
      for (const h of o.handles ?? []) if (h.trim().replace(/^@/, '') !== '') add(h.trim().replace(/^@/, ''));
      // Names of one word are not used for redaction (spec §4), so they route nothing either.
      if (o.name !== undefined && o.name.split(WS).filter((w) => w !== '').length >= 2) add(o.name);
    }
    this.catchAll = catchAll;
  }

  /** Number of distinct first tokens. */
  get size(): number {
    return this.#tokens.size;
  }

  get empty(): boolean {
    return this.#tokens.size === 0 && !this.catchAll;
  }

  /** Could an objection change this text (after the mention step)? False means surely not. */
  mayMatch(text: string): boolean {
    if (this.catchAll) return true;
    if (this.#tokens.size === 0) return false;
    if (text.includes('@[')) return true;
    const folded = foldCase(text);
    TOKEN.lastIndex = 0;
    for (let m = TOKEN.exec(folded); m !== null; m = TOKEN.exec(folded)) if (this.#tokens.has(m[0])) return true;
    return false;
  }
}
