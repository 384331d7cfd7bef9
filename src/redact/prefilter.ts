/**
 * A prefilter for bulk builds: a regular expression in RE2 syntax (no lookaround, no
 * backreference) that matches every text that mentions (§4 step 1) or redaction (§5) could
 * change. A builder can run it in the database (`regexp_matches(text, …)` in DuckDB, `~` in
 * PostgreSQL) and skip JavaScript for the rows it does not match. It over-approximates:
 *
 * - `@`: every mention and every email address holds one;
 * - `::` or `h:hhhh:h`: every IPv6 address holds a `::` or (eight groups) three groups in a row;
 * - a digit, at most three of ` .()-`, a digit: every IBAN (its check digits), card, SSN, BSN,
 *   NINO, IPv4 address (`1.2`) and phone (whose digits are at most `) (` apart) holds two digits so.
 *
 * Objections are not covered: see `Suppressor.prefilterRe2()`.
 */
export const REDACTION_PREFILTER_RE2 = String.raw`@|::|[0-9A-Fa-f]:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]|[0-9][ .()-]{0,3}[0-9]`;

/** The same expression for JavaScript (its syntax is a subset of both). */
export const REDACTION_PREFILTER = new RegExp(REDACTION_PREFILTER_RE2);
