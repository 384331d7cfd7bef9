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
 * identifier cannot be changed by any objection. Looking up the text's tokens among the first
 * tokens, then checking the rest of the candidates' tokens, decides with a few Set lookups; asking
 * for all tokens (a given name and a family name, not just a given name) keeps the false alarms few.
 *
 * The objection step runs after the mention step, which can add the token `person` (`[PERSON]`)
 * and glue a kept name to its neighbours (`@[Jan](member:m1)de` → `Jande`): a text with a mention
 * is always a candidate. An identifier without any word character (no token to look for) makes
 * every text a candidate.
 */
import { foldCase, type ObjectionIdentifiersInput } from '../../redact/index.js';

const TOKEN = /[\p{L}\p{N}_]+/gu;
const WS = /\s+/;

export class ObjectionRouter {
  /** Each identifier's tokens, filed under its first token. */
  readonly #byFirst = new Map<string, string[][]>();
  /** Some identifier has no token: every text is a candidate. */
  readonly catchAll: boolean;

  constructor(objections: Iterable<ObjectionIdentifiersInput>) {
    let catchAll = false;
    const add = (identifier: string): void => {
      const tokens = foldCase(identifier).match(TOKEN);
      if (tokens === null || tokens.length === 0) {
        catchAll = true;
        return;
      }
      const list = this.#byFirst.get(tokens[0]!);
      if (list === undefined) this.#byFirst.set(tokens[0]!, [tokens]);
      else list.push(tokens);
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
    return this.#byFirst.size;
  }

  get empty(): boolean {
    return this.#byFirst.size === 0 && !this.catchAll;
  }

  /** Could an objection change this text (after the mention step)? False means surely not. */
  mayMatch(text: string): boolean {
    if (this.catchAll) return true;
    if (this.#byFirst.size === 0) return false;
    if (text.includes('@[')) return true;
    const tokens = foldCase(text).match(TOKEN);
    if (tokens === null) return false;
    let set: Set<string> | undefined;
    for (const t of tokens) {
      const candidates = this.#byFirst.get(t);
      if (candidates === undefined) continue;
      set ??= new Set(tokens);
      for (const c of candidates) if (c.every((x) => set!.has(x))) return true;
    }
    return false;
  }
}
