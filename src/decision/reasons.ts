/** The reason codes of spec §4, in order of precedence: the first that applies is the primary one. */
export const REASONS = [
  'deleted',
  'account-closed',
  'kind-excluded',
  'not-public',
  'sensitive-group',
  'region-excluded',
  'region-not-effective',
  'before-cutoff',
  'minor',
  'not-notified',
  'objected',
  'opted-out',
  'no-consent',
] as const;
export type Reason = (typeof REASONS)[number];

/** Bit for each reason, precedence order = bit order, so the primary reason is the lowest set bit. */
export const REASON_BIT = Object.fromEntries(REASONS.map((r, i) => [r, 1 << i])) as Record<Reason, number>;

/** The reasons about a person (spec §4, mentions): if any applies, others' posts do not name them. */
export const PERSON_REASONS_MASK =
  REASON_BIT['account-closed'] | REASON_BIT['region-excluded'] | REASON_BIT['region-not-effective'] |
  REASON_BIT.minor | REASON_BIT['not-notified'] | REASON_BIT.objected | REASON_BIT['opted-out'] | REASON_BIT['no-consent'];

export function reasonsOf(mask: number): Reason[] {
  const out: Reason[] = [];
  for (let i = 0; i < REASONS.length; i++) if (mask & (1 << i)) out.push(REASONS[i]!);
  return out;
}

export function primaryReason(mask: number): Reason | null {
  if (mask === 0) return null;
  return REASONS[31 - Math.clz32(mask & -mask)]!;
}

/** Plain words for a member (the report and the portal), one sentence each. */
export const REASON_TEXT: Record<Reason, string> = {
  deleted: 'You deleted it before the dataset was built.',
  'account-closed': 'Your account was closed.',
  'kind-excluded': 'This kind of content is never used for AI training.',
  'not-public': 'It was not public (only connections or you could see it).',
  'sensitive-group': 'It was posted in a group about a sensitive topic (such as health, religion or a trade union).',
  'region-excluded': 'Content from your country or region is not used.',
  'region-not-effective': 'Training had not started yet in your region.',
  'before-cutoff': 'It was posted before the date from which content of your region is used.',
  minor: 'You were under the minimum age, or we had a sign that you might be.',
  'not-notified': 'You had not yet had the notice in time to object.',
  objected: 'You filed an objection.',
  'opted-out': 'You turned the setting off.',
  'no-consent': 'In your region we only use content with your agreement, and you had not given it.',
};
