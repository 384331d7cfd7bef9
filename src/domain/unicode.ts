/**
 * Well-formed text. JSON can carry a lone UTF-16 surrogate (`"\ud800"`), which no UTF-8 store can
 * keep: it would come back as U+FFFD, so a hashed field would no longer match its hash. Such text
 * is refused at the edges (import lines, the ledger's sealing) instead.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// Node 20's native check (V8's String.prototype.isWellFormed) is several times faster than the regex.
const native = (String.prototype as { isWellFormed?: () => boolean }).isWellFormed;

export function isWellFormed(s: string): boolean {
  return native === undefined ? !LONE_SURROGATE.test(s) : native.call(s);
}
