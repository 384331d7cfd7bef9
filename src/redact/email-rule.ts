/**
 * EMAIL (spec §5): addresses of the common RFC 5322 form `local@domain.tld`.
 *
 * The local part is letters, digits and `_ % + -` (Unicode letters too: RFC 6531 addresses), in
 * dot-separated atoms. Quote marks, `=`, `&`, `?`, `/` are left out on purpose: they are legal but
 * rare in real addresses and common around them in text (`'a@b.nl'`, `?to=a@b.nl`), where taking
 * them would eat the surrounding text. The domain is dot-separated labels (letters, digits, inner
 * hyphens) ending in an alphabetic or punycode TLD; a trailing sentence dot is not taken.
 */
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

export const emailRule: RedactionRule = {
  entity: 'EMAIL',
  placeholder: '[EMAIL]',
  apply(text: string, tally: Tally): string {
    if (text.indexOf('@') < 0) return text;
    EMAIL_PATTERN.lastIndex = 0;
    return text.replace(EMAIL_PATTERN, () => {
      tally.n++;
      return '[EMAIL]';
    });
  },
};
