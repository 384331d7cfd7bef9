/**
 * IETF AIPREF `Content-Usage` (draft-ietf-aipref-vocab / -attach): an RFC 9651 Dictionary whose keys
 * are usage categories and whose values are the Tokens `y` or `n`. Written with `structured-headers`
 * so the header is always a valid Structured Field; read with the draft's rules (unknown keys and
 * values ignored, a parse failure makes everything unknown, the most restrictive statement wins).
 */
import { parseDictionary, serializeDictionary, Token, type Dictionary } from 'structured-headers';

export type UsagePreference = 'y' | 'n';
/** Category to preference; a missing key is "unknown". */
export type UsagePreferences = ReadonlyMap<string, UsagePreference>;

/** Categories of the current draft (-05 onward), plus older labels that parsers must still accept. */
export const CURRENT_CATEGORIES = ['train-ai', 'search'] as const;

/** `train-ai=n` and the like, as an RFC 9651 Dictionary. */
export function serializeContentUsage(prefs: UsagePreferences | Record<string, UsagePreference>): string {
  const entries = prefs instanceof Map ? [...prefs] : Object.entries(prefs);
  const dict: Dictionary = new Map(entries.map(([k, v]) => [k, [new Token(v), new Map()]]));
  return serializeDictionary(dict);
}

/**
 * Reads one `Content-Usage` value. Values other than the Tokens `y`/`n` are unknown (left out); a
 * duplicate key keeps the last (the SF parser already does); a value that is not a valid Dictionary
 * (uppercase keys included) makes everything unknown.
 */
export function parseContentUsage(value: string): Map<string, UsagePreference> {
  let dict: Dictionary;
  try {
    dict = parseDictionary(value);
  } catch {
    return new Map();
  }
  const out = new Map<string, UsagePreference>();
  for (const [key, member] of dict) {
    const bare = Array.isArray(member[0]) ? undefined : member[0];
    if (bare instanceof Token && (bare.toString() === 'y' || bare.toString() === 'n')) out.set(key, bare.toString() as UsagePreference);
  }
  return out;
}

/** Several statements about one asset: any `n` wins, else any `y`, else unknown (draft §"combining"). */
export function combineContentUsage(...statements: UsagePreferences[]): Map<string, UsagePreference> {
  const out = new Map<string, UsagePreference>();
  for (const s of statements) {
    for (const [k, v] of s) if (v === 'n' || !out.has(k)) out.set(k, v);
  }
  return out;
}

/** Validates a configured site default (e.g. for robots.txt); throws with a clear message. */
export function checkContentUsage(value: string): string {
  const prefs = parseContentUsage(value);
  if (prefs.size === 0) throw new Error(`not a Content-Usage value (an RFC 9651 dictionary such as "train-ai=n"): ${JSON.stringify(value)}`);
  return serializeContentUsage(prefs);
}
