/**
 * Purposes form a tree (spec §2). A deny on an ancestor covers its descendants; an allow does not
 * reach down (see `consent-state.ts`).
 */
export const PURPOSE_PARENT = {
  'train-ai': null,
  'train-genai': 'train-ai',
  'train-personalization': 'train-ai',
  'share-affiliates-ads': null,
} as const satisfies Record<string, string | null>;

export type Purpose = keyof typeof PURPOSE_PARENT;
export const PURPOSES = Object.keys(PURPOSE_PARENT) as Purpose[];

export const PURPOSE_TITLES: Record<Purpose, string> = {
  'train-ai': 'Training of any AI model',
  'train-genai': 'Training of content-generating AI models',
  'train-personalization': 'Training of ranking, recommendation and matching models',
  'share-affiliates-ads': 'Sharing with affiliates for advertising',
};

export function isPurpose(value: unknown): value is Purpose {
  return typeof value === 'string' && Object.hasOwn(PURPOSE_PARENT, value);
}

/** The purpose itself followed by its ancestors, nearest first. */
export function lineage(purpose: Purpose): Purpose[] {
  const out: Purpose[] = [];
  for (let p: Purpose | null = purpose; p !== null; p = PURPOSE_PARENT[p]) out.push(p);
  return out;
}

/** True when `ancestor` is a strict ancestor of `purpose`. */
export function isAncestor(ancestor: Purpose, purpose: Purpose): boolean {
  return ancestor !== purpose && lineage(purpose).includes(ancestor);
}
