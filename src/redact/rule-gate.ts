/**
 * Which redaction rules could change a text, from one scan of its code units: a rule whose bit is
 * clear leaves the text as it is, so the redactor skips it (most texts hold a date or an amount,
 * few a card or an address; each rule's expression costs a scan of its own). Each gate asks for
 * less than its rule's candidate pattern needs (see the rules):
 *
 * - EMAIL: an `@`;
 * - IBAN: two ASCII letters and two digits in a row (the country code and the check digits);
 * - CARD: 13 digits in a run whose digits are joined by at most one space or dash (`RUN` of
 *   `card-rule.ts`);
 * - ID: `ddd-dd-dddd` (an SSN), 9 digits in a row (a BSN), or a NINO's digits: 6 joined by
 *   single spaces whose first follows two capitals (with at most a space between), or 6 in a row
 *   right after two small letters (the compact lower-case form). Dates and phone numbers after a
 *   word (`from 10-02-2023`, `on 020 7946 2280`) opened a looser gate for a fifth of all texts;
 * - IP: four digit groups joined by single dots (IPv4), or two colons with only hex digits and
 *   dots between them (`V6_RUN` of `ip-rule.ts`);
 * - PHONE: 7 digits in a run whose digits are at most three of ` .()-` apart (`RUN` of
 *   `phone-rule.ts`; every phone form has at least 7 digits).
 *
 * The redactor computes the gates once per round, before its first rule: a replacement only takes
 * characters away and puts a placeholder (`[` capitals `]`) in their place, so no rule after it
 * can find a digit run, a colon pair or a letter-digit pair that the text before lacked.
 */
import type { Entity } from '../policy/policy.js';

export const GATE_BIT: Readonly<Record<Entity, number>> = { EMAIL: 1, IBAN: 2, CARD: 4, ID: 8, IP: 16, PHONE: 32 };
const ALL = 63;

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isCapital(c: number): boolean {
  return c >= 65 && c <= 90;
}

function isSmall(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isHexOrDot(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) || c === 46;
}

/** A phone run joins digit groups with at most three of ` .()-`. */
function isPhoneGap(text: string, from: number, to: number): boolean {
  if (to - from > 3) return false;
  for (let k = from; k < to; k++) {
    const g = text.charCodeAt(k);
    if (g !== 32 && g !== 46 && g !== 45 && g !== 40 && g !== 41) return false;
  }
  return true;
}

/** Digits, colons and `@`: the only characters the gates look at first (a regular expression
 * skips the rest faster than a loop over code units). */
const NEXT = /[0-9:@]/g;

/** Are the units from `from` to `to` (excluded) hex digits or dots? */
function hexOrDots(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (!isHexOrDot(text.charCodeAt(k))) return false;
  return true;
}

/** The bits (`GATE_BIT`) of the rules that could change `text`. */
export function gateMask(text: string): number {
  let mask = 0;
  let last = -10; // index of the last digit
  let sd = 0; // digits of the current run joined by one space or dash at most
  let ss = 0; // digits of the current run joined by one space at most
  let afterCapitals = false; // the current space-joined run's first digit follows two capitals (and a space at most)
  let ph = 0; // digits of the current phone run
  let dots = 0; // digit groups joined by single dots
  let cons = 0; // digits in a row
  let colon = -1; // index of the last colon
  const n = text.length;
  NEXT.lastIndex = 0;
  while (NEXT.test(text)) {
    const i = NEXT.lastIndex - 1;
    const c = text.charCodeAt(i);
    if (c === 64) {
      mask |= GATE_BIT.EMAIL;
      continue;
    }
    if (c === 58) {
      if (colon >= 0 && hexOrDots(text, colon + 1, i)) mask |= GATE_BIT.IP;
      colon = i;
      continue;
    }
    // `i` is the first digit of a run of digits (the search starts after the previous run).
    const gap = i - last - 1;
    const g = text.charCodeAt(i - 1);
    if (gap === 1 && (g === 32 || g === 45)) sd++;
    else sd = 1;
    if (gap === 1 && g === 32) ss++;
    else {
      ss = 1;
      const h = text.charCodeAt(i - 2);
      afterCapitals = g === 32 ? isCapital(h) && isCapital(text.charCodeAt(i - 3)) : isCapital(g) && isCapital(h);
    }
    ph = isPhoneGap(text, last + 1, i) ? ph + 1 : 1;
    dots = gap === 1 && g === 46 ? dots + 1 : 1;
    cons = 1;
    if (dots >= 4) mask |= GATE_BIT.IP;
    // The digits that follow in a row, here rather than one search each.
    let j = i + 1;
    while (j < n && isDigitCode(text.charCodeAt(j))) {
      if (++cons === 2 && j >= 3 && isAsciiLetter(text.charCodeAt(j - 3)) && isAsciiLetter(text.charCodeAt(j - 2))) mask |= GATE_BIT.IBAN;
      if (cons === 4 && isSsnTail(text, j)) mask |= GATE_BIT.ID;
      j++;
    }
    const more = j - i - 1;
    sd += more;
    ss += more;
    ph += more;
    last = j - 1;
    NEXT.lastIndex = j;
    // An SSN is `ddd-dd-dddd` (above), a BSN nine digits in a row, a NINO six after its letters.
    if (cons >= 9 || (ss >= 6 && afterCapitals) || (cons >= 6 && isSmall(g) && isSmall(text.charCodeAt(i - 2)))) mask |= GATE_BIT.ID;
    if (sd >= 13) mask |= GATE_BIT.CARD;
    if (ph >= 7) mask |= GATE_BIT.PHONE;
    if (mask === ALL) return mask;
  }
  return mask;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isDigit(text: string, i: number): boolean {
  return isDigitCode(text.charCodeAt(i));
}

/** Does an SSN (`ddd-dd-dddd`) end at `i`, whose last four units are digits? */
function isSsnTail(text: string, i: number): boolean {
  return i >= 10 && text.charCodeAt(i - 4) === 45 && isDigit(text, i - 5) && isDigit(text, i - 6) && text.charCodeAt(i - 7) === 45
    && isDigit(text, i - 8) && isDigit(text, i - 9) && isDigit(text, i - 10);
}
