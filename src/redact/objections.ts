/**
 * Objections (spec §4 step 2). For the objections in force, in ledger order: each email of the
 * objection becomes `[EMAIL]`, then its name (two words or more) becomes `[PERSON]`, then each
 * `@handle` becomes `[PERSON]` (the `@` included); then the next objection. All matching is
 * case-insensitive (see `case-fold.ts`); letters and digits are `\p{L}` and `\p{N}`:
 * - an email is not preceded by a letter, digit, `_`, `.`, `+` or `-`, nor followed by a letter,
 *   digit, `_` or `-`;
 * - a name is not preceded or followed by a letter, digit or `_`; its words are matched across
 *   any whitespace (`Jan  de\nVries` is `Jan de Vries`);
 * - the `@` of a handle is not preceded by a letter, digit, `_`, `.`, `+` or `-` (so an email is
 *   not a handle), and the handle is not followed by a letter, digit or `_`.
 *
 * Why not one combined regular expression: the order matters. Each step sees the text the steps
 * before it left, and a replacement changes what its neighbours see: with the email
 * `jan@x.nl` before `jan@x.nl.eu`, the text `jan@x.nl.eu` becomes `[EMAIL].eu`, in the other
 * order `[EMAIL]`; a replaced name can expose a handle (`Jan Smit@jan` → `[PERSON]@jan`, whose `@`
 * now follows `]`). A combined alternation would pick one answer whatever the order (and V8
 * takes seconds to compile one of tens of thousands of alternatives).
 *
 * So the suppressor first finds which identifiers could occur in a text at all, then applies just
 * those steps in their ledger order, exactly as the sequential definition does. Every boundary rule
 * above forbids a letter, digit or `_` on the outside of a match, and so does the rule of the
 * replacement that may stand next to it; hence each word (run of letters, digits and `_`) of an
 * identifier that occurs is a whole word of the folded text. One scan over the text's words with
 * a hash table (`TokenMatcher`) finds the identifiers all of whose words are there; a text with
 * none (most texts) is left as it is after that scan. An identifier with no word at all is tested
 * directly. An identifier can only match text that a replacement created if it holds a `[` or `]`
 * or is, as an email, the word `email` or `person`; such identifiers are tried whenever any other
 * identifier could occur.
 */
import { foldCase } from './case-fold.js';
import { isWordAt } from './chars.js';
import { escapeRe2, IdentifierTrie } from './identifier-trie.js';
import { TokenMatcher } from './token-matcher.js';

/** What an objection contributes (spec §2 "Non-member objection"); other fields are ignored. */
export interface ObjectionIdentifiersInput {
  name?: string | undefined;
  emails?: readonly string[] | undefined;
  handles?: readonly string[] | undefined;
}

export type StepKind = 'email' | 'name' | 'handle';

export interface SuppressionResult {
  text: string;
  /** Replacements made (emails, names and handles together). */
  count: number;
}

interface Step {
  kind: StepKind;
  /** Folded identifier, whitespace runs as one space. */
  key: string;
  /** The folded identifier as the step searches it (a handle with its `@`). */
  needle: string;
  /** A name's words (matched across any whitespace run); undefined: `needle` is searched as it is. */
  words: string[] | undefined;
  /** `key` as items (see above); `anchor` indexes its longest word, -1 when it has none. */
  items: string[];
  anchor: number;
}

const WS = /\s+/g;
const ITEM = /[\p{L}\p{N}_]+|\s+|[^]/gu;
const IS_WORD = /^[\p{L}\p{N}_]/u;
const IS_SPACE = /^\s/;

function normalizeKey(s: string): string {
  return s.replace(WS, ' ');
}

/** Items of a folded text: word runs, whitespace runs (as one space), other single characters. */
function itemsOf(s: string): string[] {
  const out: string[] = [];
  ITEM.lastIndex = 0;
  for (let m = ITEM.exec(s); m !== null; m = ITEM.exec(s)) out.push(IS_SPACE.test(m[0]) ? ' ' : m[0]);
  return out;
}

function makeStep(kind: StepKind, key: string, needle: string): Step {
  const items = itemsOf(key);
  let anchor = -1;
  for (let i = 0; i < items.length; i++) {
    if (IS_WORD.test(items[i]!) && (anchor < 0 || items[i]!.length > items[anchor]!.length)) anchor = i;
  }
  const words = kind === 'name' ? needle.split(' ') : undefined;
  return { kind, key, needle, words, items, anchor };
}

/** The steps of spec §4 step 2 for a list of objections, in order. */
function stepsOf(list: Iterable<ObjectionIdentifiersInput>): Step[] {
  const steps: Step[] = [];
  for (const o of list) {
    for (const e of o.emails ?? []) {
      const f = foldCase(e.trim());
      if (f !== '') steps.push(makeStep('email', normalizeKey(f), f));
    }
    if (o.name !== undefined) {
      // Words are separated by whitespace: a one-word name ("Madonna", "Jean-Luc") is not used.
      const words = foldCase(o.name).split(WS).filter((w) => w !== '');
      if (words.length >= 2) steps.push(makeStep('name', words.join(' '), words.join(' ')));
    }
    for (const h of o.handles ?? []) {
      // Handles are stored without the `@`; one written with it anyway is taken without.
      const f = foldCase(h.trim().replace(/^@/, ''));
      if (f !== '') steps.push(makeStep('handle', normalizeKey('@' + f), '@' + f));
    }
  }
  return steps;
}

/**
 * Is the code unit whitespace as `\s` of a JavaScript regular expression reads it (WhiteSpace and
 * LineTerminator; no such character lies beyond the BMP)?
 */
export function isJsSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f
    || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Where the step's identifier first occurs in the folded text at or after `from`, boundaries
 * aside: the start, with the end in `end[0]`, or -1. A name is its words with a run of whitespace
 * between each two, as the expression `w1\s+w2…` would find it: its words hold no whitespace, so
 * a run is always taken whole and the match at a start is unique (the leftmost start is the
 * expression's match). Searched without regular expressions: V8 compiles each expression on first
 * use, and a platform has tens of thousands of names, most tried on a handful of texts.
 */
function findStep(step: Step, folded: string, from: number, end: Int32Array): number {
  const words = step.words;
  if (words === undefined) {
    const s = folded.indexOf(step.needle, from);
    end[0] = s + step.needle.length;
    return s;
  }
  const first = words[0]!;
  const n = folded.length;
  for (let s = folded.indexOf(first, from); s >= 0; s = folded.indexOf(first, s + 1)) {
    let j = s + first.length;
    let k = 1;
    for (; k < words.length; k++) {
      if (j >= n || !isJsSpace(folded.charCodeAt(j))) break;
      do j++;
      while (j < n && isJsSpace(folded.charCodeAt(j)));
      const w = words[k]!;
      if (!folded.startsWith(w, j)) break;
      j += w.length;
    }
    if (k === words.length) {
      end[0] = j;
      return s;
    }
  }
  return -1;
}

/**
 * `findStep` for one identifier (for tests): where `kind` `identifier`, folded as a step would,
 * first occurs in the folded text at or after `from`, boundaries aside.
 */
export function findIdentifier(kind: StepKind, identifier: string, folded: string, from: number): { start: number; end: number } | undefined {
  const f = foldCase(identifier);
  const step = kind === 'name' ? makeStep(kind, normalizeKey(f.trim()), normalizeKey(f.trim())) : makeStep(kind, normalizeKey(f), f);
  const end = new Int32Array(1);
  const start = findStep(step, folded, from, end);
  return start < 0 ? undefined : { start, end: end[0]! };
}

/** `.`, `+`, `-`: not allowed before an email or a handle's `@`. */
function isDotPlusMinus(c: number): boolean {
  return c === 46 || c === 43 || c === 45;
}

function boundariesHold(kind: StepKind, t: string, s: number, e: number): boolean {
  if (isWordAt(t, s - 1) || isWordAt(t, e)) return false;
  if (kind === 'name') return true;
  if (isDotPlusMinus(t.charCodeAt(s - 1))) return false;
  return kind === 'handle' || t.charCodeAt(e) !== 45;
}

function placeholderOf(kind: StepKind): string {
  return kind === 'email' ? '[EMAIL]' : '[PERSON]';
}

/** The placeholders folded once (a step runs for every candidate of every text). */
const EMAIL_FOLDED = foldCase('[EMAIL]');
const PERSON_FOLDED = foldCase('[PERSON]');

/** May this step match text that an earlier replacement produced? */
function isDangerous(step: Step): boolean {
  if (/[[\]]/.test(step.needle)) return true;
  return step.kind === 'email' && (step.needle === 'email' || step.needle === 'person');
}

/** Does the identifier occur in the folded text, boundaries aside? */
function occurs(step: Step, folded: string): boolean {
  return findStep(step, folded, 0, END) >= 0;
}

/** The end of the match `findStep` found (one per thread: the steps run one at a time). */
const END = new Int32Array(1);

/** One step on the pair (original, folded), both updated; returns the number of replacements. */
function applyStep(step: Step, pair: { text: string; folded: string }): number {
  const { text, folded } = pair;
  const ph = placeholderOf(step.kind);
  const phFolded = step.kind === 'email' ? EMAIL_FOLDED : PERSON_FOLDED;
  let out = '';
  let fout = '';
  let last = 0;
  let n = 0;
  let from = 0;
  for (;;) {
    const s = findStep(step, folded, from, END);
    if (s < 0) break;
    const e = END[0]!;
    // As a regular expression with lookarounds would: on a miss try the next start, on a hit
    // go on after it.
    if (!boundariesHold(step.kind, folded, s, e)) {
      from = s + 1;
      continue;
    }
    out += text.slice(last, s) + ph;
    fout += folded.slice(last, s) + phFolded;
    last = e;
    from = e;
    n++;
  }
  if (n > 0) {
    pair.text = out + text.slice(last);
    pair.folded = fout + folded.slice(last);
  }
  return n;
}

/** The definition, step after step over every identifier: the reference for tests. */
export function suppressSequentially(text: string, list: Iterable<ObjectionIdentifiersInput>): SuppressionResult {
  const pair = { text, folded: foldCase(text) };
  let count = 0;
  for (const step of stepsOf(list)) count += applyStep(step, pair);
  return { text: pair.text, count };
}

export class Suppressor {
  private readonly steps: Step[];
  /** Longest word of each identifier that has one (`anchorWords`). */
  private readonly anchors = new Set<string>();
  /** The steps that have a word, by their words; `matched[k]` is the step of identifier k. */
  private readonly matcher: TokenMatcher;
  private readonly matched: number[] = [];
  /** Steps whose identifier has no word: tested directly. */
  private readonly wordless: number[] = [];
  private readonly dangerous: number[] = [];
  /**
   * Steps of the same kind and identifier share a group: objectors share names, and one person's
   * objections repeat theirs (the 10M-item benchmark platform: 60,876 identifiers in 41,940 groups,
   * and seven in ten candidate steps of a text a repeat). A repeat that meets the very text an
   * earlier one of its group found nothing in (no replacement since, by any step) finds nothing
   * either, and is skipped. One that follows a replacement still runs: a replacement can expose a
   * match to the same identifier (`@jan@jan` becomes `[PERSON]@jan`, then `[PERSON][PERSON]`).
   */
  private readonly group: Int32Array;
  /** Per group: the `apply` call (`#call`) and the replacements made before the step found nothing. */
  private readonly missCall: Int32Array;
  private readonly missAt: Int32Array;
  #call = 0;

  constructor(list: Iterable<ObjectionIdentifiersInput>) {
    this.steps = stepsOf(list);
    this.group = new Int32Array(this.steps.length);
    const groups = new Map<string, number>();
    this.steps.forEach((s, i) => {
      const k = `${s.kind}:${s.needle}`;
      let g = groups.get(k);
      if (g === undefined) groups.set(k, (g = groups.size));
      this.group[i] = g;
    });
    this.missCall = new Int32Array(groups.size);
    this.missAt = new Int32Array(groups.size);
    const tokens: string[][] = [];
    this.steps.forEach((s, i) => {
      if (isDangerous(s)) this.dangerous.push(i);
      if (s.anchor < 0) {
        this.wordless.push(i);
        return;
      }
      this.anchors.add(s.items[s.anchor]!);
      tokens.push(s.items.filter((x) => IS_WORD.test(x)));
      this.matched.push(i);
    });
    this.matcher = new TokenMatcher(tokens);
  }

  /** Number of identifiers in use (emails, names of two words or more, handles). */
  get size(): number {
    return this.steps.length;
  }

  apply(text: string): SuppressionResult {
    if (this.steps.length === 0) return { text, count: 0 };
    // The steps that could occur: every word of the identifier is a word of the text (one scan,
    // see `TokenMatcher`); most texts have none and are left after that scan. Each identifier is
    // a candidate at most once, and the wordless steps are others.
    let hit: number[] | undefined;
    if (this.matched.length > 0) {
      const found = this.matcher.candidates(text);
      if (found.length > 0) {
        for (let j = 0; j < found.length; j++) found[j] = this.matched[found[j]!]!;
        hit = found;
      }
    }
    let folded: string | undefined;
    for (const i of this.wordless) {
      // Rare (an identifier without a letter, digit or `_`): searched as it is.
      folded ??= foldCase(text);
      if (occurs(this.steps[i]!, folded)) (hit ??= []).push(i);
    }
    if (hit === undefined) return { text, count: 0 };
    const order = this.dangerous.length === 0 ? hit : [...new Set([...hit, ...this.dangerous])];
    order.sort((a, b) => a - b);
    const pair = { text, folded: folded ?? foldCase(text) };
    if (++this.#call === 0x7fffffff) {
      this.missCall.fill(0);
      this.#call = 1;
    }
    const call = this.#call;
    let count = 0;
    for (let j = 0; j < order.length; j++) {
      const i = order[j]!;
      const g = this.group[i]!;
      if (this.missCall[g] === call && this.missAt[g] === count) continue;
      const n = applyStep(this.steps[i]!, pair);
      if (n === 0) {
        this.missCall[g] = call;
        this.missAt[g] = count;
      }
      count += n;
    }
    return { text: pair.text, count };
  }

  /** Could `apply` change the text? False means surely not (the same test `apply` starts with). */
  mayChange(text: string): boolean {
    if (this.steps.length === 0) return false;
    if (this.matched.length > 0 && this.matcher.any(text)) return true;
    if (this.wordless.length === 0) return false;
    const folded = foldCase(text);
    return this.wordless.some((i) => occurs(this.steps[i]!, folded));
  }

  /**
   * An RE2 expression (case-insensitive) that matches every text this suppressor could change,
   * for a bulk builder to OR with `REDACTION_PREFILTER_RE2`; `null` when there is nothing to
   * suppress. Boundaries are left out (RE2 has no lookaround): it over-approximates.
   *
   * For short lists only: in DuckDB it costs about 2.7 s per 200,000 rows at 1,000 objections
   * (3,000 identifiers), 17 s at 10,000, and RE2 refuses it ("pattern too large") at 30,000.
   * Beyond a few thousand identifiers use `anchorWords()` with a join (see docs/redaction.md).
   */
  prefilterRe2(): string | null {
    if (this.steps.length === 0) return null;
    // Built on demand: a bulk builder asks once, the per-text path never needs it.
    const trie = new IdentifierTrie();
    for (const s of this.steps) trie.add(s.key);
    return `(?i)(?:${trie.toPattern(escapeRe2, String.raw`\s+`)})`;
  }

  /**
   * The words a text must contain (after lower-casing) for this suppressor to change it: every
   * identifier's longest word, folded, plus a variant with a final `ς` for a final `σ` (an engine
   * that lower-cases without the final-sigma rule leaves a written `ς` as it is). When
   * `complete` is false some identifier has no letter, digit or `_` at all (an "email" of
   * punctuation) and a word test alone cannot rule a text out: send every text to `apply`.
   * A bulk builder can test the words in SQL:
   *   EXISTS (SELECT 1 FROM unnest(regexp_extract_all(lower(text), '[\pL\pN_]+')) u(w)
   *           WHERE u.w IN (SELECT w FROM anchors))
   * which scales to any number of objections (a hash join).
   */
  anchorWords(): { words: string[]; complete: boolean } {
    const words = new Set<string>();
    for (const w of this.anchors) {
      words.add(w);
      if (w.endsWith('σ')) words.add(w.slice(0, -1) + 'ς');
    }
    return { words: [...words], complete: this.wordless.length === 0 };
  }

  /** The folded identifiers (whitespace as single spaces), e.g. for `contains(lower(text), …)`. */
  identifiers(): string[] {
    return [...new Set(this.steps.map((s) => s.key))];
  }
}

export function compileObjections(list: Iterable<ObjectionIdentifiersInput>): Suppressor {
  return new Suppressor(list);
}
