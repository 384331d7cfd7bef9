/**
 * PHONE (spec §5). Three forms, whose digits may be grouped by single spaces, dashes, dots or
 * parentheses:
 * - international: `+` and a country code followed by 6–14 more digits (7–17 digits in all);
 *   `00` is read as the `+` it stands for (ITU-T E.123), with a country code not starting in 0;
 * - national: trunk `0` and 7–11 digits in all (a second `0` is the international prefix, not
 *   a national number, so `00012345` is an order number, not a phone);
 * - North American: `(ddd) ddd-dddd`, `ddd-ddd-dddd`, `ddd.ddd.dddd`, `ddd ddd dddd`, optionally
 *   after a `1`.
 * Other runs of digits are not phones, nor anything shaped like a date or a time.
 *
 * A candidate is a run of digit groups joined by those separators. A space may join two numbers
 * as well as two groups of one number, so in a longer run the phone may be any consecutive
 * space-separated parts, the leftmost longest first; except in a run of three or more equal parts
 * of 3–6 digits (`0123 4567 8901 2345`), which is one number that failed its own check.
 */
import { followsIbanGroups, isDigitAt, isWordAt, numberEndsCleanly, numberStartsCleanly } from './chars.js';
import { replaceRuns } from './replace-runs.js';
import type { RedactionRule, Tally } from './rule.js';

/** No phone fits in a shorter run (seven digits at least). */
const MIN_RUN = 7;

const RUN = /(?:\+|\(\+?)?[0-9]+(?:(?:[ .\-]|\)[ .\-]?\(?|[ .\-]?\()[0-9]+)*\)?/g;

interface Parsed {
  /** Digit groups. */
  groups: string[];
  /** `gaps[k]` is the text between group k and group k+1, parentheses included. */
  gaps: string[];
  /** Offsets in the run: where each group starts and ends. */
  gs: number[];
  ge: number[];
}

function parse(run: string): Parsed {
  const groups: string[] = [];
  const gaps: string[] = [];
  const gs: number[] = [];
  const ge: number[] = [];
  let i = 0;
  const n = run.length;
  let lastEnd = -1;
  while (i < n) {
    const c = run.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      const s = i;
      while (i < n && run.charCodeAt(i) >= 48 && run.charCodeAt(i) <= 57) i++;
      if (lastEnd >= 0) gaps.push(run.slice(lastEnd, s));
      groups.push(run.slice(s, i));
      gs.push(s);
      ge.push(i);
      lastEnd = i;
    } else i++;
  }
  return { groups, gaps, gs, ge };
}

/** Each `(` wraps exactly one group (with an optional `+`) and is closed right after it. */
function parensBalanced(run: string): boolean {
  const n = run.length;
  let open = -1; // index of the unclosed `(`, or -1
  for (let p = 0; p < n; p++) {
    const c = run.charCodeAt(p);
    if (c === 40) {
      if (open >= 0) return false;
      open = p;
      let k = p + 1;
      if (run.charCodeAt(k) === 43) k++;
      const digitsFrom = k;
      while (k < n && run.charCodeAt(k) >= 48 && run.charCodeAt(k) <= 57) k++;
      if (k === digitsFrom || run.charCodeAt(k) !== 41) return false;
    } else if (c === 41) {
      if (open < 0) return false;
      open = -1;
    }
  }
  return open < 0;
}

function isTimePair(h: string, m: string): boolean {
  return h.length <= 2 && m.length === 2 && Number(h) <= 24 && Number(m) <= 59;
}

/** Shaped like a date or a time: `01.02.2024`, `05-11-2025`, `2025-11-03`, `09.30-11.45`, … */
export function looksLikeDateOrTime(groups: readonly string[], gaps: readonly string[]): boolean {
  for (let k = 0; k + 2 < groups.length; k++) {
    const x = gaps[k]!;
    if (x !== gaps[k + 1]) continue;
    const a = groups[k]!.length;
    const b = groups[k + 1]!.length;
    const c = groups[k + 2]!.length;
    const dateShape = (a <= 2 && b <= 2 && c === 4) || (a === 4 && b <= 2 && c <= 2);
    if (!dateShape) continue;
    if (x === '.' || x === '-') return true;
    // With spaces only a window that is nothing but the date ("01 02 2024").
    if (x === ' ' && groups.length === 3) return true;
  }
  for (let k = 0; k + 3 < groups.length; k++) {
    if (gaps[k] === '.' && gaps[k + 1] === '-' && gaps[k + 2] === '.'
      && isTimePair(groups[k]!, groups[k + 1]!) && isTimePair(groups[k + 2]!, groups[k + 3]!)) return true;
  }
  // "01.02.24 10.30": a short date and a time.
  if (groups.length === 5 && gaps[0] === '.' && gaps[1] === '.' && gaps[2] === ' ' && gaps[3] === '.'
    && groups[2]!.length === 2 && Number(groups[0]) >= 1 && Number(groups[0]) <= 31
    && Number(groups[1]) >= 1 && Number(groups[1]) <= 12 && isTimePair(groups[3]!, groups[4]!)) return true;
  return false;
}

function isNorthAmerican(groups: readonly string[]): boolean {
  const g = groups.length === 4 && groups[0] === '1' ? groups.slice(1) : groups;
  return g.length === 3 && g[0]!.length === 3 && g[1]!.length === 3 && g[2]!.length === 4;
}

/** Is the window `win` (its groups and the gaps between them) a phone number? */
export function windowIsPhone(win: string, groups: readonly string[], gaps: readonly string[]): boolean {
  let digits = '';
  for (const g of groups) digits += g;
  const d = digits.length;
  let ok: boolean;
  if (win.charCodeAt(0) === 43 || win.startsWith('(+')) ok = d >= 7 && d <= 17;
  else if (digits.charCodeAt(0) === 48) {
    if (digits.charCodeAt(1) === 48) ok = digits.charCodeAt(2) !== 48 && d >= 9 && d <= 19;
    else {
      ok = d >= 7 && d <= 11;
      // "0.1234567" is a decimal, "0-306-40615-2" an ISBN: a lone leading 0 before a dot or dash.
      if (ok && groups[0] === '0' && win.charCodeAt(0) !== 40 && gaps.length > 0 && /^[.\-]/.test(gaps[0]!)) ok = false;
    }
  } else ok = isNorthAmerican(groups);
  return ok && !looksLikeDateOrTime(groups, gaps);
}

/** Could a window with `d` digits be a phone at all? A cheap test before the full one. */
function digitCountMayFit(firstDigit: number, start: number, firstGroup: string, d: number): boolean {
  if (start < firstDigit) return d >= 7 && d <= 19; // after `+` or `(`
  if (firstGroup.charCodeAt(0) === 48) return d >= 7 && d <= 19;
  return d === 10 || d === 11; // North American
}

function redactRun(run0: string, offset0: number, text: string, tally: Tally): string {
  let run = run0;
  let offset = offset0;
  let lead = '';
  let trail = '';
  if (run.length < MIN_RUN) return run0;
  // A parenthesis around the whole phone belongs to the prose: "(06 12345678)".
  if (!parensBalanced(run) && run[0] === '(') {
    lead = '(';
    run = run.slice(1);
    offset++;
  }
  if (!parensBalanced(run) && run.endsWith(')')) {
    trail = ')';
    run = run.slice(0, -1);
  }
  if (!parensBalanced(run)) return run0;
  const { groups, gaps, gs, ge } = parse(run);
  const ng = groups.length;
  // Parts: split at gaps that hold a space. partFirst/partLast are group indexes.
  const partFirst: number[] = [0];
  const partLast: number[] = [];
  for (let k = 0; k < gaps.length; k++) {
    if (gaps[k]!.indexOf(' ') >= 0) {
      partLast.push(k);
      partFirst.push(k + 1);
    }
  }
  partLast.push(ng - 1);
  const np = partFirst.length;
  const partDigits: number[] = [];
  for (let p = 0; p < np; p++) {
    let d = 0;
    for (let k = partFirst[p]!; k <= partLast[p]!; k++) d += groups[k]!.length;
    partDigits.push(d);
  }
  // Where each part starts and ends in the run: a `(` or `+` before a group belongs to it, a `)`
  // after it too.
  const partStart = (p: number): number => {
    let s = gs[partFirst[p]!]!;
    while (s > 0 && (run[s - 1] === '(' || run[s - 1] === '+')) s--;
    return s;
  };
  const partEnd = (p: number): number => {
    let e = ge[partLast[p]!]!;
    while (e < run.length && run[e] === ')') e++;
    return e;
  };
  const windowDigits = (p: number, q: number): number => {
    let d = 0;
    for (let k = p; k <= q; k++) d += partDigits[k]!;
    return d;
  };
  // A run of three or more equal plain parts of 3–6 digits is one number.
  let uniform = np >= 3;
  if (uniform) {
    const len = groups[0]!.length;
    for (let p = 0; p < np && uniform; p++) {
      if (partFirst[p] !== partLast[p] || groups[partFirst[p]!]!.length !== len || len < 3 || len > 6) uniform = false;
    }
    if (uniform && (run[0] === '+' || run[0] === '(')) uniform = false;
  }
  const runEnd = offset + run.length;
  const leftOk = numberStartsCleanly(text, offset)
    // "RE-0612345678" is a code, "12/0612345678" a fraction
    && !(text[offset - 1] === '-' && isWordAt(text, offset - 2))
    && !(text[offset - 1] === '/' && isDigitAt(text, offset - 2))
    && text[offset - 1] !== '@';
  const rightOk = numberEndsCleanly(text, runEnd) && !(text[runEnd] === '-' && isWordAt(text, runEnd + 1));

  let out = '';
  let last = 0; // run offset copied up to
  let changed = false;
  let p = 0;
  while (p < np) {
    let found = -1;
    if ((p > 0 || leftOk) && !followsIbanGroups(text, offset + partStart(p))) {
      // No phone has more than 19 digits: bound the window (a long list of numbers stays linear).
      let maxQ = p;
      let digits = partDigits[p]!;
      while (maxQ + 1 < np && digits + partDigits[maxQ + 1]! <= 19) digits += partDigits[++maxQ]!;
      for (let q = maxQ; q >= p; q--) {
        if (q === np - 1 && !rightOk) continue;
        if (uniform && (p !== 0 || q !== np - 1)) continue;
        const a = partFirst[p]!;
        const b = partLast[q]!;
        if (!digitCountMayFit(gs[a]!, partStart(p), groups[a]!, windowDigits(p, q))) continue;
        const win = run.slice(partStart(p), partEnd(q));
        if (windowIsPhone(win, groups.slice(a, b + 1), gaps.slice(a, b))) {
          found = q;
          break;
        }
      }
    }
    if (found >= 0) {
      const s = partStart(p);
      out += run.slice(last, s) + '[PHONE]';
      last = partEnd(found);
      tally.n++;
      changed = true;
      p = found + 1;
    } else p++;
  }
  if (!changed) return run0;
  return lead + out + run.slice(last) + trail;
}

export const phoneRule: RedactionRule = {
  entity: 'PHONE',
  placeholder: '[PHONE]',
  apply(text: string, tally: Tally): string {
    return replaceRuns(text, RUN, MIN_RUN, (run, offset) => redactRun(run, offset, text, tally));
  },
};
