/**
 * Prefilters for bulk builds: regular expressions in RE2 syntax (no lookaround, no backreference)
 * that match every text that redaction (§5) could change. A builder can run one in the database
 * (`regexp_matches(text, …)` in DuckDB, `~` in PostgreSQL) and skip JavaScript for the rows it does
 * not match. They over-approximate. Mentions and objections are not covered (a builder adds
 * `@\[`; see `Suppressor.prefilterRe2()` and the objection router).
 */
import type { Entity } from '../policy/policy.js';

/**
 * The loose one, for all entities at once:
 * - `@`: every mention and every email address holds one;
 * - `::` or `h:hhhh:h`: every IPv6 address holds a `::` or (eight groups) three groups in a row;
 * - a digit, at most three of ` .()-`, a digit: every IBAN (its check digits), card, SSN, BSN,
 *   NINO, IPv4 address (`1.2`) and phone (whose digits are at most `) (` apart) holds two digits so.
 */
export const REDACTION_PREFILTER_RE2 = String.raw`@|::|[0-9A-Fa-f]:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]|[0-9][ .()-]{0,3}[0-9]`;

/** The same expression for JavaScript (its syntax is a subset of both). */
export const REDACTION_PREFILTER = new RegExp(REDACTION_PREFILTER_RE2);

/**
 * Per entity, what `gateMask` (rule-gate.ts) asks before a rule may run, as RE2: a text that
 * matches none of the policy's entities' expressions has no open gate, so no rule can change it.
 * Any two adjacent digits pass the loose expression above ("13 years"); these ask for what each
 * entity needs (seven digits of a phone, thirteen of a card), which leaves about a third fewer
 * texts to JavaScript on generated platforms.
 */
const GATE_RE2: Readonly<Record<Entity, string>> = {
  EMAIL: '@',
  // Two colons with only hex digits or dots between them (IPv6), or four digit groups joined by dots.
  IP: String.raw`:[0-9A-Fa-f.]*:|[0-9]\.[0-9]+\.[0-9]+\.[0-9]`,
  // Two ASCII letters and the check digits.
  IBAN: '[A-Za-z]{2}[0-9]{2}',
  // An SSN, nine digits in a row (BSN), or six digits joined by single spaces or dashes right after a letter (NINO).
  ID: String.raw`[0-9]{3}-[0-9]{2}-[0-9]{4}|[0-9]{9}|[A-Za-z] ?[0-9](?:[ -]?[0-9]){5}`,
  // Thirteen digits joined by single spaces or dashes.
  CARD: '[0-9](?:[ -]?[0-9]){12}',
  // Seven digits, runs at most three of ` .()-` apart.
  PHONE: String.raw`[0-9](?:[ .()-]{0,3}[0-9]){6}`,
};

/** The prefilter for a policy's entities; null when it redacts none. */
export function redactionPrefilterRe2(entities: ReadonlySet<Entity>): string | null {
  const parts = [...new Set(Object.keys(GATE_RE2).filter((e) => entities.has(e as Entity)).flatMap((e) => GATE_RE2[e as Entity].split('|')))];
  return parts.length === 0 ? null : parts.join('|');
}
