/**
 * Case folding for objection matching (spec §4 step 2 says "case-insensitive"). Two strings are
 * equal case-insensitively when their folds are equal. The fold is JavaScript's lower-casing,
 * kept to the same length so that offsets in the folded text are offsets in the original (where
 * lower-casing would grow a character, such as `İ`, the character is kept as it is), with the
 * Greek final sigma read as sigma.
 */
export function foldCase(s: string): string {
  let l = s.toLowerCase();
  if (l.length !== s.length) {
    l = '';
    for (const ch of s) {
      const lc = ch.toLowerCase();
      l += lc.length === ch.length ? lc : ch;
    }
  }
  if (l.indexOf('ς') >= 0) l = l.replace(/ς/g, 'σ');
  return l;
}
