/**
 * Well-formed text. JSON can carry a lone UTF-16 surrogate (`"\ud800"`), which no UTF-8 store can
 * keep: it would come back as U+FFFD, so a hashed field would no longer match its hash. Such text
 * is refused at the edges (import lines, the ledger's sealing) instead.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isWellFormed(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}
