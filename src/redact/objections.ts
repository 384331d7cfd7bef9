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
 * now follows `]`). A combined alternation would pick one answer whatever the order.
 * So the suppressor uses a combined expression (a trie of all identifiers, see
 * `identifier-trie.ts`) only to find which identifiers occur in a text at all, ignoring
 * boundaries, overlaps included; then it applies just those steps in their ledger order, exactly
 * as the sequential definition does. Most texts hold none and cost one regular-expression scan.
 * An identifier can only match text that a replacement created if it holds a `[` or `]` or is,
 * as an email, the word `email` or `person`; such identifiers are tried whenever any other hit.
 */
import { foldCase } from './case-fold.js';
import { escapeJs, escapeJsUnicode, escapeRe2, IdentifierTrie } from './identifier-trie.js';

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
  /** Folded identifier, whitespace runs as one space; what the trie holds. */
  key: string;
  /** The folded identifier as the step matches it. */
  folded: string;
  re: RegExp | undefined;
}

const WS = /\s+/g;

function normalizeKey(s: string): string {
  return s.replace(WS, ' ');
}

/** The steps of spec §4 step 2 for a list of objections, in order. */
function stepsOf(list: Iterable<ObjectionIdentifiersInput>): Step[] {
  const steps: Step[] = [];
  for (const o of list) {
    for (const e of o.emails ?? []) {
      const f = foldCase(e.trim());
      if (f !== '') steps.push({ kind: 'email', key: normalizeKey(f), folded: f, re: undefined });
    }
    if (o.name !== undefined) {
      // Words are separated by whitespace: a one-word name ("Madonna", "Jean-Luc") is not used.
      const words = foldCase(o.name).split(WS).filter((w) => w !== '');
      if (words.length >= 2) steps.push({ kind: 'name', key: words.join(' '), folded: words.join(' '), re: undefined });
    }
    for (const h of o.handles ?? []) {
      // Handles are stored without the `@`; one written with it anyway is taken without.
      const f = foldCase(h.trim().replace(/^@/, ''));
      if (f !== '') steps.push({ kind: 'handle', key: normalizeKey('@' + f), folded: f, re: undefined });
    }
  }
  return steps;
}

function stepPattern(step: Step): RegExp {
  switch (step.kind) {
    case 'email':
      return new RegExp(String.raw`(?<![\p{L}\p{N}_.+\-])${escapeJsUnicode(step.folded)}(?![\p{L}\p{N}_\-])`, 'gu');
    case 'name':
      return new RegExp(String.raw`(?<![\p{L}\p{N}_])${step.folded.split(' ').map(escapeJsUnicode).join(String.raw`\s+`)}(?![\p{L}\p{N}_])`, 'gu');
    case 'handle':
      return new RegExp(String.raw`(?<![\p{L}\p{N}_.+\-])@${escapeJsUnicode(step.folded)}(?![\p{L}\p{N}_])`, 'gu');
  }
}

function placeholderOf(kind: StepKind): string {
  return kind === 'email' ? '[EMAIL]' : '[PERSON]';
}

/** May this step match text that an earlier replacement produced? */
function isDangerous(step: Step): boolean {
  if (/[[\]]/.test(step.folded)) return true;
  return step.kind === 'email' && (step.folded === 'email' || step.folded === 'person');
}

/** One step on the pair (original, folded), both updated; returns the number of replacements. */
function applyStep(step: Step, pair: { text: string; folded: string }): number {
  const re = (step.re ??= stepPattern(step));
  re.lastIndex = 0;
  const { text, folded } = pair;
  const ph = placeholderOf(step.kind);
  const phFolded = foldCase(ph);
  let out = '';
  let fout = '';
  let last = 0;
  let n = 0;
  for (let m = re.exec(folded); m !== null; m = re.exec(folded)) {
    out += text.slice(last, m.index) + ph;
    fout += folded.slice(last, m.index) + phFolded;
    last = m.index + m[0].length;
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
  /** Step indexes per trie key, the steps of every key that is a prefix of it included. */
  private readonly stepsByKey = new Map<string, number[]>();
  private readonly dangerous: number[] = [];
  private readonly discover: RegExp | undefined;
  private readonly trie = new IdentifierTrie();

  constructor(list: Iterable<ObjectionIdentifiersInput>) {
    this.steps = stepsOf(list);
    const own = new Map<string, number[]>();
    this.steps.forEach((s, i) => {
      this.trie.add(s.key);
      const l = own.get(s.key);
      if (l === undefined) own.set(s.key, [i]);
      else l.push(i);
      if (isDangerous(s)) this.dangerous.push(i);
    });
    for (const key of own.keys()) {
      const all: number[] = [];
      for (const p of this.trie.prefixKeys(key)) all.push(...(own.get(p) ?? []));
      this.stepsByKey.set(key, all);
    }
    this.discover = this.steps.length === 0 ? undefined : new RegExp(this.trie.toPattern(escapeJs, String.raw`\s+`), 'g');
  }

  /** Number of identifiers in use (emails, names of two words or more, handles). */
  get size(): number {
    return this.steps.length;
  }

  apply(text: string): SuppressionResult {
    const re = this.discover;
    if (re === undefined) return { text, count: 0 };
    const folded = foldCase(text);
    re.lastIndex = 0;
    let m = re.exec(folded);
    if (m === null) return { text, count: 0 };
    const hit = new Set<number>(this.dangerous);
    for (; m !== null; m = re.exec(folded)) {
      for (const i of this.stepsByKey.get(normalizeKey(m[0])) ?? []) hit.add(i);
      // Overlapping occurrences count too: go on from the next position, not the match's end.
      re.lastIndex = m.index + 1;
    }
    const order = [...hit].sort((a, b) => a - b);
    const pair = { text, folded };
    let count = 0;
    for (const i of order) count += applyStep(this.steps[i]!, pair);
    return { text: pair.text, count };
  }

  /**
   * An RE2 expression (case-insensitive) that matches every text this suppressor could change,
   * for a bulk builder to OR with `REDACTION_PREFILTER_RE2`; `null` when there is nothing to
   * suppress. Boundaries are left out (RE2 has no lookaround): it over-approximates.
   */
  prefilterRe2(): string | null {
    if (this.steps.length === 0) return null;
    return `(?i)(?:${this.trie.toPattern(escapeRe2, String.raw`\s+`)})`;
  }

  /** The folded identifiers (whitespace as single spaces), e.g. for `contains(lower(text), …)`. */
  identifiers(): string[] {
    return [...this.stepsByKey.keys()];
  }
}

export function compileObjections(list: Iterable<ObjectionIdentifiersInput>): Suppressor {
  return new Suppressor(list);
}
