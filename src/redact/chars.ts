/**
 * Character tests shared by the rules. Rules find candidates with a regular expression and then
 * check their surroundings here, so that every rule speaks of "a word character" the same way:
 * a Unicode letter or digit (`\p{L}`, `\p{N}`) or `_`.
 */

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/**
 * Each BMP code unit: 1 when it is a letter, digit or `_`, 2 when it is a surrogate (test the code
 * point), 0 otherwise. Scanners classify a unit with one load instead of a regular expression.
 */
export const WORD_UNIT: Uint8Array = (() => {
  const t = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) t[c] = c >= 0xd800 && c <= 0xdfff ? 2 : WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 0;
  return t;
})();

/** Is the code point (beyond the BMP) a letter or digit? */
export function isWordCodePoint(cp: number): boolean {
  return WORD_CHAR.test(String.fromCodePoint(cp));
}

/** Is the code unit at `i` a letter, digit or `_`? Out of range counts as no. */
export function isWordAt(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const c = text.charCodeAt(i);
  const w = WORD_UNIT[c]!;
  if (w !== 2) return w === 1;
  // A surrogate pair: test the whole code point (low surrogate at i belongs to the pair before it).
  if (c >= 0xdc00 && c <= 0xdfff && i > 0) return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(i - 1) ?? c));
  return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(i) ?? c));
}

/** Is the code unit at `i` a digit (any script)? */
export function isDigitAt(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const c = text.charCodeAt(i);
  if (c < 128) return c >= 48 && c <= 57;
  return /\p{N}/u.test(String.fromCodePoint(text.codePointAt(i) ?? c));
}

/** ASCII digit test on one code unit. */
export function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * The left edge of a number at `start` is clean: not glued to a word character, and not the
 * fractional part of a decimal (`3.14159…`, `1,5`).
 */
export function numberStartsCleanly(text: string, start: number): boolean {
  if (isWordAt(text, start - 1)) return false;
  const p = text.charCodeAt(start - 1);
  if ((p === 46 /* . */ || p === 44 /* , */) && isDigitAt(text, start - 2)) return false;
  return true;
}

/** The right edge of a number ending before `end` is clean (mirror of `numberStartsCleanly`). */
export function numberEndsCleanly(text: string, end: number): boolean {
  if (isWordAt(text, end)) return false;
  const n = text.charCodeAt(end);
  if ((n === 46 || n === 44) && isDigitAt(text, end + 1)) return false;
  return true;
}

const IBAN_HEAD = /(?<![\p{L}\p{N}_])[A-Za-z]{2}[0-9]{2}(?: [A-Za-z0-9]{4})* $/u;

/**
 * Does `start` follow the first groups of an IBAN-shaped string (`NL91 ABNA ␣`)? Then the digits
 * from `start` on are the rest of an IBAN that failed its check, not a card or a phone.
 */
export function followsIbanGroups(text: string, start: number): boolean {
  if (text.charCodeAt(start - 1) !== 32) return false;
  return IBAN_HEAD.test(text.slice(Math.max(0, start - 40), start));
}
