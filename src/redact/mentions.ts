/**
 * Mentions (spec §4 step 1): each `@[Display Name](member:ID)` becomes the bracket text exactly as
 * written, or `[PERSON]` when the mentioned member may not be named (no known member, or one of
 * the reasons about the person applies to them as of the build's moment). Deciding who is hidden
 * is the caller's business: it passes a predicate.
 *
 * The count is the number of mentions turned into `[PERSON]` (the people hidden); a mention
 * turned into its plain name is counted apart as `kept`.
 */

/** The pattern of spec §4, as written. */
export const MENTION_PATTERN = /@\[([^\]]*)\]\(member:([A-Za-z0-9._:-]+)\)/g;

export interface MentionResult {
  text: string;
  /** Mentions replaced by `[PERSON]`. */
  count: number;
  /** Mentions replaced by their bracket text. */
  kept: number;
}

export function transformMentions(text: string, isHidden: (memberId: string) => boolean): MentionResult {
  if (text.indexOf('@[') < 0) return { text, count: 0, kept: 0 };
  let count = 0;
  let kept = 0;
  MENTION_PATTERN.lastIndex = 0;
  const out = text.replace(MENTION_PATTERN, (_m: string, name: string, id: string) => {
    if (isHidden(id)) {
      count++;
      return '[PERSON]';
    }
    kept++;
    return name;
  });
  return { text: out, count, kept };
}
