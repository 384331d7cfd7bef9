/**
 * EMAIL (spec §5): addresses of the common RFC 5322 form `local@domain.tld`.
 *
 * The local part is letters, digits and `_ % + -` (Unicode letters too: RFC 6531 addresses), in
 * dot-separated atoms. Quote marks, `=`, `&`, `?`, `/` are left out on purpose: they are legal but
 * rare in real addresses and common around them in text (`'a@b.nl'`, `?to=a@b.nl`), where taking
 * them would eat the surrounding text. The domain is dot-separated labels (letters, digits, inner
 * hyphens) ending in an alphabetic or punycode TLD; a trailing sentence dot is not taken.
 */
import { WORD_UNIT } from './chars.js';
import type { RedactionRule, Tally } from './rule.js';

const ATOM = String.raw`[\p{L}\p{N}_%+\-]+`;
// Labels are written without overlapping quantifiers so that a long run without a dot cannot
// make the engine backtrack quadratically.
const LABEL = String.raw`[\p{L}\p{N}]+(?:-+[\p{L}\p{N}]+)*`;
const TLD = String.raw`(?:\p{L}{2,63}|[Xx][Nn]--[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)`;

/** Exported for tests and the prefilter's documentation. */
// The second lookbehind keeps a match from starting after `x.`: every start is the start of a
// dotted run, so a long run without `@` is scanned once, not once per dot.
export const EMAIL_PATTERN = new RegExp(
  String.raw`(?<![\p{L}\p{N}_%+\-])(?<![\p{L}\p{N}_%+\-]\.)${ATOM}(?:\.${ATOM})*@(?:${LABEL}\.)+${TLD}(?![\p{L}\p{N}_\-])`,
  'gu',
);

/** The same expression, tried at one position only (`lastIndex`). */
const EMAIL_AT = new RegExp(EMAIL_PATTERN.source, 'uy');

/** May the unit be part of a local part (atoms and dots)? A surrogate may: its code point is not tested here. */
function isLocalUnit(c: number): boolean {
  return WORD_UNIT[c] !== 0 || c === 46 || c === 37 || c === 43 || c === 45;
}

/**
 * What `text.replace(EMAIL_PATTERN, '[EMAIL]')` gives, without trying the expression at every
 * position: a match holds exactly one `@`, and starts in the run of local-part characters right
 * before it. So for each `@`, leftmost first, the expression is tried only at the positions of
 * that run not yet consumed (all of them, in order: the first that matches is where the global
 * search would have matched).
 */
export function replaceEmails(text: string, tally: Tally): string {
  let at = text.indexOf('@');
  if (at < 0) return text;
  let out = '';
  let last = 0;
  while (at >= 0) {
    let p = at;
    while (p > last && isLocalUnit(text.charCodeAt(p - 1))) p--;
    let next = at + 1;
    for (; p < at; p++) {
      EMAIL_AT.lastIndex = p;
      if (!EMAIL_AT.test(text)) continue;
      out += text.slice(last, p) + '[EMAIL]';
      last = next = EMAIL_AT.lastIndex;
      tally.n++;
      break;
    }
    at = text.indexOf('@', next);
  }
  return last === 0 ? text : out + text.slice(last);
}

export const emailRule: RedactionRule = {
  entity: 'EMAIL',
  placeholder: '[EMAIL]',
  apply: replaceEmails,
};
