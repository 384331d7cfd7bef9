/**
 * CARD (spec §5): 13–19 digit payment card numbers, plain or in groups separated by spaces or
 * dashes, that pass the Luhn check.
 *
 * Grouping accepted: one separator kind throughout (all spaces or all dashes) and the groupings
 * cards are printed in: fours with a last group of 1–4 (4-4-4-4, 4-4-4-4-3, 4-4-4-1 …) and
 * 4-6-4 / 4-6-5 (Diners, Amex). Other groupings of 13 digits or more are mostly phone numbers
 * (`0034 603 145 243`) and are left to the PHONE rule. A plain number must be one whole run of
 * 13–19 digits: a digit run inside a longer run is not a card. In a longer run of groups (a card
 * followed by a year, say) the card may be any consecutive groups of it, the leftmost longest
 * first, but not the tail of an IBAN-shaped string that failed its own check.
 */
import { followsIbanGroups, numberEndsCleanly, numberStartsCleanly } from './chars.js';
import { replaceRuns } from './replace-runs.js';
import type { RedactionRule, Tally } from './rule.js';

/** No card fits in a shorter run (thirteen digits at least). */
const MIN_RUN = 13;

/** Runs of digit groups joined by single spaces or dashes. */
const RUN = /[0-9]+(?:[ \-][0-9]+)*/g;

/** Luhn (ISO/IEC 7812-1) over the ASCII digits of `digits`. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function windowIsCard(groups: readonly string[], seps: readonly string[], i: number, j: number): boolean {
  if (i === j) {
    const g = groups[i]!;
    return g.length >= 13 && g.length <= 19 && luhnValid(g);
  }
  if (groups[i]!.length !== 4) return false;
  const sep = seps[i]!;
  let total = 0;
  for (let k = i; k <= j; k++) {
    if (k > i && seps[k - 1] !== sep) return false;
    total += groups[k]!.length;
  }
  if (total < 13 || total > 19) return false;
  const count = j - i + 1;
  const last = groups[j]!.length;
  const amexOrDiners = count === 3 && groups[i + 1]!.length === 6 && (last === 4 || last === 5);
  if (!amexOrDiners) {
    for (let k = i + 1; k < j; k++) if (groups[k]!.length !== 4) return false;
    if (last > 4) return false;
  }
  return luhnValid(groups.slice(i, j + 1).join(''));
}

/** Replace the card windows of one run; `start` is the run's offset in `text`. */
function redactRun(run: string, start: number, text: string, tally: Tally): string {
  if (run.length < MIN_RUN) return run;
  const groups: string[] = [];
  const seps: string[] = [];
  const offsets: number[] = [0];
  let from = 0;
  for (let k = 0; k < run.length; k++) {
    const c = run.charCodeAt(k);
    if (c === 32 || c === 45) {
      groups.push(run.slice(from, k));
      seps.push(run[k]!);
      from = k + 1;
      offsets.push(from);
    }
  }
  groups.push(run.slice(from));
  const n = groups.length;
  const leftOk = numberStartsCleanly(text, start);
  const rightOk = numberEndsCleanly(text, start + run.length);
  // Plus sign: "+4412345678901234" is a phone, not a card.
  const plus = text.charCodeAt(start - 1) === 43;
  let out = '';
  let changed = false;
  let i = 0;
  while (i < n) {
    let found = -1;
    if ((i > 0 || (leftOk && !plus)) && !followsIbanGroups(text, start + offsets[i]!)) {
      // No card has more than 19 digits: bound the window (a long run of groups stays linear).
      let maxJ = i;
      let digits = groups[i]!.length;
      while (maxJ + 1 < n && digits + groups[maxJ + 1]!.length <= 19) digits += groups[++maxJ]!.length;
      for (let j = maxJ; j >= i; j--) {
        if (j === n - 1 && !rightOk) continue;
        if (windowIsCard(groups, seps, i, j)) {
          found = j;
          break;
        }
      }
    }
    if (found >= 0) {
      out += '[CARD]';
      tally.n++;
      changed = true;
      if (found < n - 1) out += seps[found]!;
      i = found + 1;
    } else {
      out += groups[i]!;
      if (i < n - 1) out += seps[i]!;
      i++;
    }
  }
  return changed ? out : run;
}

export const cardRule: RedactionRule = {
  entity: 'CARD',
  placeholder: '[CARD]',
  apply(text: string, tally: Tally): string {
    return replaceRuns(text, RUN, MIN_RUN, (run, offset) => redactRun(run, offset, text, tally));
  },
};
