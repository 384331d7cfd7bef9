/** Text transforms and redaction (spec §4 "Text of an included item", §5). */
export { transformText, transformTextInto, type TransformOptions, type TransformedText, type TransformTally } from './transform-text.js';
export { transformMentions, MENTION_PATTERN, type MentionResult } from './mentions.js';
export {
  compileObjections, Suppressor, suppressSequentially, type ObjectionIdentifiersInput, type SuppressionResult,
} from './objections.js';
export { redact, Redactor, RULES, zeroCounts, type Redaction, type RedactionCounts } from './redactor.js';
export { REDACTION_PREFILTER, REDACTION_PREFILTER_RE2 } from './prefilter.js';
export { foldCase } from './case-fold.js';
export { ibanChecksumValid } from './iban-rule.js';
export { luhnValid } from './card-rule.js';
export { bsnValid, ssnValid } from './id-rule.js';
export { isIPv4, isIPv6 } from './ip-rule.js';
export { TokenMatcher } from './token-matcher.js';
