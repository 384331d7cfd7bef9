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

/**
 * `foldCase` of each BMP code unit on its own (surrogates map to themselves): a scanner folds a
 * word unit by unit with it. Folding a word alone gives what folding the whole text gives, since
 * the one context-dependent lower-casing, the final sigma, is read as sigma anyway.
 */
export const FOLD_UNIT: Uint16Array = (() => {
  const t = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    t[c] = c;
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const f = foldCase(String.fromCharCode(c));
    if (f.length === 1) t[c] = f.charCodeAt(0);
  }
  return t;
})();
